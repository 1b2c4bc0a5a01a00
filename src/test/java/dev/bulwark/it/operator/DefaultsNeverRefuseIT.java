package dev.bulwark.it.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bulwark.testing.BaselineJson;
import dev.bulwark.testing.LocalCluster;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 23, item 2: Bulwark's defaults never turn a pod the API server would admit into one it
 * refuses. The real API server is the oracle: each pod of a set the defaults could trip over
 * (legacy seccomp annotations at pod and container level, Windows and hostProcess pods, privileged
 * and CAP_SYS_ADMIN containers, root) is sent as a server-side dry run into a plain namespace and
 * into one whose baseline fills in every default at admission, at the same Pod Security level
 * (privileged, so that the only refusals are the API server's own validation); whatever the plain
 * namespace admits, the defaulted one must admit too. (Kubernetes 1.37 no longer copies a legacy
 * annotation into the field, so at restricted such a pod is refused with or without defaults.)
 * Workload remediation of a template with a legacy annotation leaves its seccomp field alone (and
 * so is not refused).
 */
@LocalCluster
class DefaultsNeverRefuseIT extends OperatorTestBase {

  /** Pods, by name, that a default could make invalid; {@code %1$s} is the namespace. */
  private static final Map<String, String> PRIVILEGED_LEVEL_PODS = new LinkedHashMap<>();

  static {
    PRIVILEGED_LEVEL_PODS.put(
        "legacy-unconfined",
        """
        metadata:
          annotations: {seccomp.security.alpha.kubernetes.io/pod: unconfined}
        spec: {containers: [{name: app, image: busybox}]}
        """);
    PRIVILEGED_LEVEL_PODS.put(
        "legacy-localhost",
        """
        metadata:
          annotations: {seccomp.security.alpha.kubernetes.io/pod: localhost/profiles/audit.json}
        spec: {containers: [{name: app, image: busybox}]}
        """);
    PRIVILEGED_LEVEL_PODS.put(
        "legacy-runtime-default",
        """
        metadata:
          annotations: {seccomp.security.alpha.kubernetes.io/pod: runtime/default}
        spec: {containers: [{name: app, image: busybox}]}
        """);
    PRIVILEGED_LEVEL_PODS.put(
        "legacy-container",
        """
        metadata:
          annotations: {container.seccomp.security.alpha.kubernetes.io/app: unconfined}
        spec: {containers: [{name: app, image: busybox}, {name: side, image: busybox}]}
        """);
    PRIVILEGED_LEVEL_PODS.put(
        "windows",
        """
        spec:
          os: {name: windows}
          containers: [{name: app, image: mcr.microsoft.com/windows/nanoserver:ltsc2022}]
        """);
    PRIVILEGED_LEVEL_PODS.put(
        "windows-host-process",
        """
        spec:
          os: {name: windows}
          hostNetwork: true
          securityContext:
            windowsOptions: {hostProcess: true, runAsUserName: "NT AUTHORITY\\\\SYSTEM"}
          containers: [{name: app, image: mcr.microsoft.com/windows/nanoserver:ltsc2022}]
        """);
    PRIVILEGED_LEVEL_PODS.put(
        "host-process-without-os",
        """
        spec:
          hostNetwork: true
          securityContext:
            windowsOptions: {hostProcess: true, runAsUserName: "NT AUTHORITY\\\\SYSTEM"}
          containers: [{name: app, image: mcr.microsoft.com/windows/nanoserver:ltsc2022}]
        """);
    PRIVILEGED_LEVEL_PODS.put(
        "privileged",
        """
        spec:
          containers: [{name: app, image: busybox, securityContext: {privileged: true}}]
        """);
    PRIVILEGED_LEVEL_PODS.put(
        "cap-sys-admin",
        """
        spec:
          containers:
          - {name: app, image: busybox, securityContext: {capabilities: {add: [CAP_SYS_ADMIN]}}}
        """);
    PRIVILEGED_LEVEL_PODS.put(
        "sys-admin",
        """
        spec:
          containers:
          - {name: app, image: busybox, securityContext: {capabilities: {add: [SYS_ADMIN]}}}
        """);
    PRIVILEGED_LEVEL_PODS.put(
        "root",
        """
        spec:
          securityContext: {runAsUser: 0}
          containers: [{name: app, image: busybox}]
        """);
    PRIVILEGED_LEVEL_PODS.put(
        "plain",
        """
        spec:
          initContainers: [{name: init, image: busybox}]
          containers: [{name: app, image: busybox}]
        """);
  }

  private static Pod pod(String ns, String name, String yaml) {
    String body = yaml.stripIndent();
    String metadata = "metadata:\n  name: " + name + "\n  namespace: " + ns + "\n";
    if (body.startsWith("metadata:\n")) {
      body = metadata + body.substring("metadata:\n".length());
    } else {
      body = metadata + body;
    }
    return Serialization.unmarshal("apiVersion: v1\nkind: Pod\n" + body, Pod.class);
  }

  /** Null when the API server admits a dry-run create of the pod, else its refusal. */
  private static String verdict(Pod pod) {
    try {
      client.resource(pod).dryRun().create();
      return null;
    } catch (KubernetesClientException e) {
      return e.getCode()
          + ": "
          + (e.getStatus() == null ? e.getMessage() : e.getStatus().getMessage());
    }
  }

  /** Waits until a dry-run pod in {@code ns} comes back with the defaults filled in. */
  private void awaitDefaulting(String ns) {
    await()
        .atMost(CONVERGE)
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              Pod probe =
                  client
                      .resource(
                          pod(
                              ns,
                              "probe",
                              """
                              spec:
                                securityContext: {runAsNonRoot: true}
                                containers:
                                - name: app
                                  image: busybox
                                  securityContext: {allowPrivilegeEscalation: false}
                              """))
                      .dryRun()
                      .create();
              assertThat(probe.getSpec().getSecurityContext().getSeccompProfile()).isNotNull();
            });
  }

  private void compare(String level, Map<String, String> pods) {
    String plain = namespace(Map.of());
    String defaulted = namespace(Map.of("defaults", "on"));
    String name = "never-" + level.substring(0, 4) + "-" + team;
    baseline(
        name,
        """
        namespaceSelector: {matchLabels: {team: %s, defaults: "on"}}
        podSecurity: {level: LEVEL}
        defaults: {admission: true, runAsNonRoot: true}
        """
            .replace("LEVEL", level));
    awaitDefaulting(defaulted);

    List<String> broken = new ArrayList<>();
    int admittedPlain = 0;
    for (Map.Entry<String, String> entry : pods.entrySet()) {
      String plainVerdict = verdict(pod(plain, entry.getKey(), entry.getValue()));
      String defaultedVerdict = verdict(pod(defaulted, entry.getKey(), entry.getValue()));
      System.out.printf(
          "%-28s %-10s plain: %s; with Bulwark's defaults: %s%n",
          entry.getKey(),
          level,
          plainVerdict == null ? "admitted" : plainVerdict,
          defaultedVerdict == null ? "admitted" : defaultedVerdict);
      if (plainVerdict == null) {
        admittedPlain++;
        if (defaultedVerdict != null) {
          broken.add(entry.getKey() + " -> " + defaultedVerdict);
        }
      }
    }
    assertThat(admittedPlain).as("the set has pods the plain namespace admits").isPositive();
    assertThat(broken)
        .as("pods admitted without Bulwark's defaults but refused with them")
        .isEmpty();
  }

  @Test
  void bulwarksDefaultsNeverTurnAnAdmittedPodIntoARefusedOne() {
    compare("privileged", PRIVILEGED_LEVEL_PODS);
  }

  @Test
  void remediationLeavesTheSeccompFieldOfALegacyAnnotatedTemplateAlone() {
    String ns = namespace(Map.of());
    client
        .resource(
            Serialization.unmarshal(
                """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: legacy, namespace: %s}
                spec:
                  selector: {matchLabels: {app: legacy}}
                  template:
                    metadata:
                      labels: {app: legacy}
                      annotations: {seccomp.security.alpha.kubernetes.io/pod: unconfined}
                    spec: {containers: [{name: app, image: busybox}]}
                """
                    .formatted(ns),
                Deployment.class))
        .create();
    String name = "legacy-" + team;
    baseline(
        name,
        """
        namespaceSelector: {matchLabels: {team: %s}}
        podSecurity: {level: privileged}
        defaults: {remediateWorkloads: true}
        """);

    await()
        .atMost(CONVERGE)
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              PodSpec spec =
                  client
                      .apps()
                      .deployments()
                      .inNamespace(ns)
                      .withName("legacy")
                      .get()
                      .getSpec()
                      .getTemplate()
                      .getSpec();
              assertThat(
                      spec.getContainers()
                          .get(0)
                          .getSecurityContext()
                          .getAllowPrivilegeEscalation())
                  .as("the other defaults are written")
                  .isFalse();
              assertThat(
                      spec.getSecurityContext() == null
                          || spec.getSecurityContext().getSeccompProfile() == null)
                  .as("no seccompProfile beside the legacy annotation")
                  .isTrue();
            });
    Map<String, Object> status = BaselineJson.status(client, name);
    assertThat(BaselineJson.strings(status, "remediation", "refused")).isEmpty();
    assertThat(BaselineJson.condition(status, "RemediationRefused").get("status"))
        .isIn(null, "False");
  }

  @Test
  void anExceptedSettingIsNotDefaultedAtAdmission() {
    String ns = namespace(Map.of());
    String name = "except-" + team;
    BaselineJson.create(
        client,
        name,
        team,
        """
        namespaceSelector: {matchLabels: {team: %s}}
        podSecurity: {level: baseline}
        defaults: {admission: true, runAsNonRoot: true}
        exceptions:
        - checks: [runAsNonRoot]
          selector: {matchLabels: {app: legacy}}
          reason: the image runs as root, JIRA-7
        """
            .formatted(team));
    awaitDefaulting(ns);
    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () -> {
              Pod legacy =
                  client
                      .resource(
                          pod(
                              ns,
                              "legacy",
                              """
                              metadata:
                                labels: {app: legacy}
                              spec: {containers: [{name: app, image: busybox}]}
                              """))
                      .dryRun()
                      .create();
              assertThat(legacy.getSpec().getSecurityContext().getSeccompProfile())
                  .as("settings not excepted are filled in")
                  .isNotNull();
              assertThat(legacy.getSpec().getSecurityContext().getRunAsNonRoot())
                  .as("runAsNonRoot, excepted for app=legacy")
                  .isNull();
            });
    Pod other =
        client
            .resource(pod(ns, "other", "spec: {containers: [{name: app, image: busybox}]}\n"))
            .dryRun()
            .create();
    assertThat(other.getSpec().getSecurityContext().getRunAsNonRoot()).isTrue();
  }
}
