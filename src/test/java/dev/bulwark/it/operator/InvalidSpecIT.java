package dev.bulwark.it.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.api.SecurityBaseline;
import dev.bulwark.cli.Main;
import dev.bulwark.plan.Ownership;
import dev.bulwark.testing.LocalCluster;
import dev.bulwark.testing.RunningOperator;
import dev.bulwark.testing.TestCluster;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Issue 26, item 1 (operator tier), as a new user met it: an invalid spec used to turn
 * Compliant=True with no violations (bulwark status exited 0, the violation metrics vanished), and
 * an invalid higher-priority baseline took the namespaces of a valid one, whose admission-policy
 * bindings then dropped them. Now an invalid spec makes compliance Unknown with the last counts
 * kept (stale) and exit 3, a valid baseline keeps its namespaces, and the API server refuses an
 * expiry that is not an RFC 3339 date-time.
 */
@LocalCluster
class InvalidSpecIT {

  private static final Duration CONVERGE = Duration.ofSeconds(90);

  private static TestCluster cluster;
  private static RunningOperator operator;
  private static KubernetesClient client;
  private String team;

  @BeforeAll
  static void start(TestCluster testCluster) {
    cluster = testCluster;
    operator = RunningOperator.start(cluster);
    client = cluster.newClient();
  }

  @AfterAll
  static void stop() {
    operator.close();
    client.close();
  }

  @BeforeEach
  void newTeam() {
    team = "iv" + UUID.randomUUID().toString().substring(0, 8);
  }

  @AfterEach
  void deleteBaselines() {
    client.resources(SecurityBaseline.class).withLabel("bulwark.dev/test", team).delete();
  }

  @Test
  void anInvalidSpecMakesComplianceUnknownKeepsTheCountsAsStaleAndExitsThree() throws Exception {
    String ns = cluster.createNamespace(Map.of("team", team));
    client.resource(privilegedPod()).inNamespace(ns).create();
    String name = "invalid-" + team;
    create(name, 0, "");
    SecurityBaseline valid =
        await()
            .atMost(CONVERGE)
            .until(
                () -> get(name),
                sb ->
                    sb.getStatus() != null
                        && sb.getStatus().violations.total() > 0
                        && "False".equals(status(sb, "Compliant")));
    int total = valid.getStatus().violations.total();
    long validGeneration = valid.getMetadata().getGeneration();

    // Accepted by the CRD, refused by Bulwark's validation: no such check.
    client
        .resources(SecurityBaseline.class)
        .withName(name)
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            "{\"spec\":{\"exceptions\":[{\"checks\":[\"noSuchCheck\"],\"reason\":\"JIRA-1\"}]}}");

    SecurityBaseline invalid =
        await()
            .atMost(CONVERGE)
            .until(
                () -> get(name),
                sb -> "True".equals(status(sb, "Invalid")) && sb.getStatus().violations.stale());
    Condition compliant = condition(invalid, "Compliant");
    assertThat(compliant.getStatus()).isEqualTo("Unknown");
    assertThat(compliant.getReason()).isEqualTo("InvalidSpec");
    assertThat(invalid.getStatus().violations.total()).isEqualTo(total);
    assertThat(invalid.getStatus().observedGeneration).isEqualTo(validGeneration);

    StringWriter out = new StringWriter();
    int exit =
        new CommandLine(new Main())
            .setOut(new PrintWriter(out))
            .setErr(new PrintWriter(new StringWriter()))
            .execute(
                "status",
                name,
                "-o",
                "json",
                "--kubeconfig",
                cluster.plane().kubeconfigFile().toString());
    assertThat(exit).as(out.toString()).isEqualTo(3);
    JsonNode json = new ObjectMapper().readTree(out.toString());
    assertThat(json.at("/baselines/0/result").asText()).isEqualTo("INVALID");
  }

  @Test
  void anInvalidBaselineOfHigherPriorityLeavesTheNamespacesToTheValidOne() {
    String ns = cluster.createNamespace(Map.of("team", team));
    String low = "valid-low-" + team;
    String high = "invalid-high-" + team;
    create(low, 0, "");
    await().atMost(CONVERGE).until(() -> boundNamespaces(low).contains(ns));

    create(high, 10, "exceptions: [{checks: [noSuchCheck], reason: JIRA-2}]");

    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () -> {
              SecurityBaseline invalid = get(high);
              assertThat(invalid.getStatus()).isNotNull();
              assertThat(status(invalid, "Invalid")).isEqualTo("True");
              assertThat(status(invalid, "Conflict")).as("the valid one governs").isEqualTo("True");
            });
    assertThat(get(low).getStatus().namespaces.matched()).isEqualTo(1);
    assertThat(boundNamespaces(low)).contains(ns);
  }

  @Test
  void theApiServerRefusesAnExpiryWithoutTimeAndZone() {
    assertThatThrownBy(
            () ->
                create(
                    "date-only-" + team,
                    0,
                    "exceptions: [{checks: [imageDigest], reason: JIRA-3, expires: \"2027-01-31\"}]"))
        .isInstanceOf(KubernetesClientException.class)
        .hasMessageContaining("spec.exceptions[0].expires");
  }

  private void create(String name, int priority, String extra) {
    String yaml =
        """
        apiVersion: bulwark.dev/v1alpha1
        kind: SecurityBaseline
        metadata:
          name: %s
          labels: {bulwark.dev/test: %s}
        spec:
          namespaceSelector: {matchLabels: {team: %s}}
          mode: Audit
          priority: %d
          podSecurity: {level: restricted}
          images: {requireDigest: true}
        """
            .formatted(name, team, team, priority);
    if (!extra.isEmpty()) {
      yaml += "  " + extra + "\n";
    }
    client.resource(Serialization.unmarshal(yaml, SecurityBaseline.class)).create();
  }

  private static SecurityBaseline get(String name) {
    return client.resources(SecurityBaseline.class).withName(name).get();
  }

  private static String status(SecurityBaseline sb, String type) {
    if (sb == null || sb.getStatus() == null) {
      return null;
    }
    return sb.getStatus().conditions.stream()
        .filter(c -> type.equals(c.getType()))
        .map(Condition::getStatus)
        .findFirst()
        .orElse(null);
  }

  private static Condition condition(SecurityBaseline sb, String type) {
    return sb.getStatus().conditions.stream()
        .filter(c -> type.equals(c.getType()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + type + " in " + sb.getStatus()));
  }

  /** The namespaces the baseline's ValidatingAdmissionPolicyBindings select by name. */
  private static List<String> boundNamespaces(String baseline) {
    return client
        .admissionRegistration()
        .v1()
        .validatingAdmissionPolicyBindings()
        .withLabel(Ownership.BASELINE_LABEL, baseline)
        .list()
        .getItems()
        .stream()
        .map(ValidatingAdmissionPolicyBinding::getSpec)
        .flatMap(
            spec -> spec.getMatchResources().getNamespaceSelector().getMatchExpressions().stream())
        .flatMap(e -> e.getValues().stream())
        .distinct()
        .toList();
  }

  private static io.fabric8.kubernetes.api.model.Pod privilegedPod() {
    return new PodBuilder()
        .withNewMetadata()
        .withName("privileged")
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("app")
        .withImage("registry.example/app:1")
        .withNewSecurityContext()
        .withPrivileged(true)
        .endSecurityContext()
        .endContainer()
        .endSpec()
        .build();
  }
}
