package dev.bulwark.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.bulwark.api.SecurityBaseline;
import dev.bulwark.testing.LocalCluster;
import dev.bulwark.testing.RunningOperator;
import dev.bulwark.testing.TestCluster;
import dev.bulwark.testing.Workloads;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14, item 6: {@code bulwark status} against the real API server with the operator running:
 * the table, JSON and YAML, the CIS summary, the exit codes and the errors.
 *
 * <p>Tier: operator IT (docs/testing.md). It stays in {@code dev.bulwark.cli}, not {@code
 * dev.bulwark.it.operator}, to read the package-private exit code {@code
 * StatusCommand.NOT_COMPLIANT}.
 */
@LocalCluster
class StatusCommandIT {

  private static TestCluster cluster;
  private static RunningOperator operator;
  private static KubernetesClient client;
  private static String team;
  private static String kubeconfig;
  private static String compliantNs;
  private static String violatingNs;

  @BeforeAll
  static void start(TestCluster testCluster) {
    cluster = testCluster;
    operator = RunningOperator.start(cluster);
    client = cluster.newClient();
    kubeconfig = cluster.plane().kubeconfigFile().toString();
    team = "s" + UUID.randomUUID().toString().substring(0, 8);
    compliantNs = cluster.createNamespace(Map.of("team", team, "tier", "clean"));
    violatingNs = cluster.createNamespace(Map.of("team", team, "tier", "dirty"));
    client.resource(Workloads.privilegedPod("privileged")).inNamespace(violatingNs).create();
    baseline("clean-" + team, "clean", "ci");
    baseline("dirty-" + team, "dirty", "none");
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                compliantKnown("clean-" + team, "True")
                    && compliantKnown("dirty-" + team, "False"));
  }

  @AfterAll
  static void stop() {
    client.resources(SecurityBaseline.class).withLabel("bulwark.dev/test", team).delete();
    operator.close();
    client.close();
  }

  @Test
  void compliantBaselineExitsZeroAndPrintsItsNamespaceRow() {
    CliRun run = status("clean-" + team);

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("BASELINE", "NAMESPACES", "RESULT")
        .containsPattern("clean-" + team + " +Audit +1 +1 +0 +True +False +compliant")
        .containsPattern(compliantNs + " +clean-" + team + " +Audit .* 0 +-");
    assertThat(run.out()).doesNotContain(violatingNs);
  }

  @Test
  void notCompliantBaselineExitsThreeAndJsonNamesItsViolations() throws IOException {
    CliRun run = status("dirty-" + team, "-o", "json");

    assertThat(run.exitCode()).as(run.err()).isEqualTo(StatusCommand.NOT_COMPLIANT);
    JsonNode json = new ObjectMapper().readTree(run.out());
    assertThat(json.at("/baselines/0/name").asText()).isEqualTo("dirty-" + team);
    assertThat(json.at("/baselines/0/result").asText()).isEqualTo("NOT_COMPLIANT");
    assertThat(json.at("/baselines/0/byCheck/privileged").asInt()).isEqualTo(1);
    assertThat(json.at("/namespaces/0/name").asText()).isEqualTo(violatingNs);
    assertThat(json.at("/namespaces/0/violations").asInt())
        .isEqualTo(json.at("/baselines/0/violations").asInt())
        .isPositive();
    assertThat(json.has("cis")).as("cis without --cis").isFalse();
  }

  @Test
  void allBaselinesOrALabelSelectorChooseWhichCount() {
    assertThat(status().exitCode()).as("all baselines, one not compliant").isEqualTo(3);
    assertThat(status("-l", "ci=ci").exitCode()).as("-l ci=ci selects only the clean one").isZero();
    assertThat(status("-l", "ci=none").exitCode()).isEqualTo(3);
    assertThat(status("clean-" + team, "dirty-" + team).exitCode()).isEqualTo(3);
  }

  @Test
  void cisSummarisesViolationsByControlInTableAndYaml() throws IOException {
    CliRun table = status("dirty-" + team, "--cis");
    assertThat(table.out()).contains("CIS CONTROL").containsPattern("5\\.2\\.2 +1 +privileged");

    CliRun yaml = status("dirty-" + team, "--cis", "-o", "yaml");
    JsonNode tree = new YAMLMapper().readTree(yaml.out());
    JsonNode privileged = null;
    for (JsonNode row : tree.get("cis")) {
      if (row.get("control").asText().equals("5.2.2")) {
        privileged = row;
      }
    }
    assertThat(privileged).as("row of CIS 5.2.2 in %s", yaml.out()).isNotNull();
    assertThat(privileged.get("violations").asInt()).isEqualTo(1);
    assertThat(privileged.get("checks").get(0).asText()).isEqualTo("privileged");
  }

  @Test
  void unknownBaselineIsOneLineAndExitOne() {
    CliRun run = status("nope-" + team);

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).isEmpty();
    assertThat(run.err().strip())
        .isEqualTo(
            "bulwark status: securitybaseline \"nope-"
                + team
                + "\" not found (kubectl get securitybaselines lists them)");
  }

  @Test
  void unreachableClusterIsOneLineAndExitOne(@TempDir Path dir) throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Path config = dir.resolve("kubeconfig");
    Files.writeString(
        config,
        cluster
            .plane()
            .kubeconfigYaml()
            .replaceAll("server: https://[^\\s]+", "server: https://127.0.0.1:" + port));
    CliRun run = CliRun.of("status", "--kubeconfig", config.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err().strip())
        .startsWith("bulwark status: cannot reach the cluster at https://127.0.0.1:" + port)
        .doesNotContain("\tat ", "Exception");
    assertThat(run.err().strip().lines()).hasSize(1);
  }

  @Test
  void unknownContextIsRefusedNotReplacedByTheCurrentOne() {
    CliRun run = CliRun.of("status", "--kubeconfig", kubeconfig, "--context", "elsewhere");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err().strip())
        .isEqualTo("bulwark status: context \"elsewhere\" not found in " + kubeconfig);
  }

  @Test
  void helpDocumentsTheExitCodesAndABadFormatIsAUsageError() {
    CliRun help = CliRun.of("status", "--help");
    assertThat(help.out()).contains("Exit codes:", "3   a selected baseline is not compliant");

    CliRun bad = status("-o", "xml");
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err()).contains("expected table, json or yaml, got \"xml\"");
  }

  private static CliRun status(String... args) {
    String[] all = new String[args.length + 3];
    all[0] = "status";
    all[1] = "--kubeconfig";
    all[2] = kubeconfig;
    System.arraycopy(args, 0, all, 3, args.length);
    return CliRun.of(all);
  }

  private static void baseline(String name, String tier, String ci) {
    SecurityBaseline baseline =
        Serialization.unmarshal(
            """
            apiVersion: bulwark.dev/v1alpha1
            kind: SecurityBaseline
            metadata:
              name: %s
              labels: {bulwark.dev/test: %s, ci: %s}
            spec:
              namespaceSelector: {matchLabels: {team: %s, tier: %s}}
              mode: Audit
              podSecurity: {level: baseline}
            """
                .formatted(name, team, ci, team, tier),
            SecurityBaseline.class);
    client.resource(baseline).create();
  }

  private static boolean compliantKnown(String name, String expected) {
    SecurityBaseline sb = client.resources(SecurityBaseline.class).withName(name).get();
    return sb.getStatus() != null
        && sb.getStatus().conditions.stream()
            .anyMatch(c -> c.getType().equals("Compliant") && c.getStatus().equals(expected));
  }
}
