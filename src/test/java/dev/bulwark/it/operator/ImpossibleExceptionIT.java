package dev.bulwark.it.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bulwark.testing.BaselineJson;
import dev.bulwark.testing.LocalCluster;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 23, item 4: an exception for a Pod Security check under an Enforce baseline cannot work
 * (the namespace's enforce label has no per-pod exemptions). The spec is still applied, but a
 * SpecWarnings condition and a SpecWarning Event say so and what to do instead, kubectl explain
 * says it, and the status does not call the pod excepted.
 */
@LocalCluster
class ImpossibleExceptionIT extends OperatorTestBase {

  @Test
  void aPodSecurityExceptionUnderEnforceIsFlaggedAndNotApplied() {
    String ns = namespace(Map.of());
    // Created before the baseline: Pod Security admission does not evict it, so it exists.
    client
        .resource(
            Serialization.unmarshal(
                """
                apiVersion: v1
                kind: Pod
                metadata: {name: legacy, namespace: %s, labels: {app: legacy}}
                spec:
                  securityContext: {seccompProfile: {type: RuntimeDefault}}
                  containers:
                  - name: app
                    image: busybox
                    securityContext:
                      allowPrivilegeEscalation: false
                      capabilities: {drop: [ALL]}
                """
                    .formatted(ns),
                Pod.class))
        .create();
    String name = "moot-" + team;
    baseline(
        name,
        """
        namespaceSelector: {matchLabels: {team: %s}}
        podSecurity: {level: restricted}
        exceptions:
        - checks: [runAsNonRoot, imageDigest]
          selector: {matchLabels: {app: legacy}}
          reason: the image runs as root, JIRA-9
        """);

    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () -> {
              Map<String, Object> status = BaselineJson.status(client, name);
              Map<String, Object> warning = BaselineJson.condition(status, "SpecWarnings");
              assertThat(warning.get("status")).isEqualTo("True");
              assertThat(warning.get("reason")).isEqualTo("ExceptionNotEnforceable");
              assertThat((String) warning.get("message"))
                  .contains("spec.exceptions[0].checks")
                  .contains("runAsNonRoot")
                  .doesNotContain("imageDigest cannot")
                  .contains("separate baseline");
              assertThat(BaselineJson.condition(status, "Ready").get("status"))
                  .as("the rest of the spec applies")
                  .isEqualTo("True");
            });
    awaitStatus(
        name,
        sb ->
            assertThat(sb.getStatus().violations.top())
                .as("the pod is not called excepted")
                .anySatisfy(
                    v -> {
                      assertThat(v.name()).isEqualTo("legacy");
                      assertThat(v.check()).isEqualTo("runAsNonRoot");
                    }));
    List<Event> events = events(name, "SpecWarning");
    assertThat(events).hasSize(1);
    assertThat(events.get(0).getMessage()).contains("runAsNonRoot");

    String explained =
        cluster
            .kubectl("explain", "securitybaselines.spec.exceptions.checks")
            .output()
            .replaceAll("\\s+", " ");
    assertThat(explained).contains("cannot be excepted").contains("SpecWarnings");
  }
}
