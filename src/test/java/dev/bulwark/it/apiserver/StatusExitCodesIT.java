package dev.bulwark.it.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.api.SecurityBaseline;
import dev.bulwark.api.SecurityBaselineStatus;
import dev.bulwark.cli.Main;
import dev.bulwark.testing.LocalCluster;
import dev.bulwark.testing.RunningOperator;
import dev.bulwark.testing.TestCluster;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Issue 26, items 1 and 2 (API-server tier: no operator): {@code bulwark status} trusts a baseline
 * only for the generation every namespace applied. The statuses are written here as the operator
 * writes them (no operator runs), so each case is exactly the one named: a status still naming the
 * previous generation is progressing (exit 4, where it used to count as not compliant or, with the
 * old operator's early stamp, as compliant); an invalid spec exits 3.
 */
@LocalCluster
class StatusExitCodesIT {

  /** The exit code of a baseline still progressing, as the command's help lists it. */
  private static final int PROGRESSING = 4;

  /** The exit code of a baseline not compliant, invalid or unknown. */
  private static final int NOT_COMPLIANT = 3;

  private static TestCluster cluster;
  private static KubernetesClient client;
  private static String team;

  @BeforeAll
  static void start(TestCluster testCluster) {
    cluster = testCluster;
    RunningOperator.installCrds(cluster);
    client = cluster.newClient();
    team = "x" + UUID.randomUUID().toString().substring(0, 8);
  }

  @AfterAll
  static void stop() {
    client.resources(SecurityBaseline.class).withLabel("bulwark.dev/test", team).delete();
    client.close();
  }

  @Test
  void aStatusOfTheCurrentGenerationThatIsCompliantExitsZero() {
    String name = baseline("current");
    writeStatus(name, 1L, condition("Ready", "True", "Reconciled", 1L), compliant("True", 1L));

    assertThat(status(name).exitCode()).isZero();
  }

  @Test
  void aStatusOfThePreviousGenerationIsProgressingAndExitsFour() throws Exception {
    String name = baseline("behind");
    bumpGeneration(name);
    writeStatus(
        name,
        1L,
        condition("Ready", "False", "Progressing", 1L),
        condition("Invalid", "False", "Valid", 2L),
        compliant("True", 1L));

    CliRun run = status(name, "-o", "json");

    assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(PROGRESSING);
    assertThat(result(run)).isEqualTo("PROGRESSING");
  }

  /** What operators before issue 26 wrote while progressing: the new generation, stamped early. */
  @Test
  void readyProgressingIsProgressingEvenWhenStampedWithTheCurrentGeneration() throws Exception {
    String name = baseline("early");
    writeStatus(name, 1L, condition("Ready", "False", "Progressing", 1L), compliant("True", 1L));

    CliRun run = status(name, "-o", "json");

    assertThat(run.exitCode()).isEqualTo(PROGRESSING);
    assertThat(result(run)).isEqualTo("PROGRESSING");
  }

  @Test
  void anInvalidSpecExitsThree() throws Exception {
    String name = baseline("invalid");
    bumpGeneration(name);
    writeStatus(
        name,
        1L,
        condition("Ready", "False", "InvalidSpec", 2L),
        condition("Invalid", "True", "InvalidSpec", 2L),
        new ConditionBuilder(compliant("Unknown", 2L)).withReason("InvalidSpec").build());

    CliRun run = status(name, "-o", "json");

    assertThat(run.exitCode()).isEqualTo(NOT_COMPLIANT);
    assertThat(result(run)).isEqualTo("INVALID");
  }

  @Test
  void oneFailingBaselineOutweighsOneProgressing() {
    String failing = baseline("failing");
    writeStatus(failing, 1L, condition("Ready", "True", "Reconciled", 1L), compliant("False", 1L));
    String behind = baseline("behind-too");
    bumpGeneration(behind);
    writeStatus(behind, 1L, condition("Ready", "False", "Progressing", 1L), compliant("True", 1L));

    assertThat(status(failing, behind).exitCode()).isEqualTo(NOT_COMPLIANT);
  }

  @Test
  void theHelpNamesEveryExitCode() {
    CliRun help = CliRun.of("status", "--help");

    assertThat(help.out()).contains("Exit codes:").containsPattern("(?m)^ +4 +");
  }

  private static String baseline(String prefix) {
    String name = prefix + "-" + team;
    client
        .resource(
            Serialization.unmarshal(
                """
                apiVersion: bulwark.dev/v1alpha1
                kind: SecurityBaseline
                metadata:
                  name: %s
                  labels: {bulwark.dev/test: %s}
                spec:
                  namespaceSelector: {matchLabels: {team: %s}}
                  mode: Audit
                """
                    .formatted(name, team, team),
                SecurityBaseline.class))
        .create();
    return name;
  }

  /** A spec change: metadata.generation moves to 2. */
  private static void bumpGeneration(String name) {
    client
        .resources(SecurityBaseline.class)
        .withName(name)
        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"priority\":1}}");
  }

  private static void writeStatus(String name, Long observed, Condition... conditions) {
    SecurityBaseline sb = client.resources(SecurityBaseline.class).withName(name).get();
    SecurityBaselineStatus status = new SecurityBaselineStatus();
    status.observedGeneration = observed;
    status.conditions = new ArrayList<>(List.of(conditions));
    sb.setStatus(status);
    client.resource(sb).updateStatus();
  }

  private static Condition compliant(String value, long generation) {
    return condition(
        "Compliant", value, "True".equals(value) ? "NoViolations" : "ViolationsFound", generation);
  }

  private static Condition condition(String type, String value, String reason, long generation) {
    return new ConditionBuilder()
        .withType(type)
        .withStatus(value)
        .withReason(reason)
        .withMessage(reason)
        .withObservedGeneration(generation)
        .withLastTransitionTime("2026-11-29T12:00:00Z")
        .build();
  }

  private static CliRun status(String... args) {
    List<String> all = new ArrayList<>(List.of("status"));
    all.addAll(List.of(args));
    all.addAll(List.of("--kubeconfig", cluster.plane().kubeconfigFile().toString()));
    return CliRun.of(all.toArray(String[]::new));
  }

  /** What one run of the command line printed, and its exit code. */
  private record CliRun(int exitCode, String out, String err) {
    static CliRun of(String... args) {
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      int exitCode =
          new CommandLine(new Main())
              .setOut(new PrintWriter(out))
              .setErr(new PrintWriter(err))
              .execute(args);
      return new CliRun(exitCode, out.toString(), err.toString());
    }
  }

  private static String result(CliRun run) throws Exception {
    JsonNode json = new ObjectMapper().readTree(run.out());
    return json.at("/baselines/0/result").asText();
  }
}
