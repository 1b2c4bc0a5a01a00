package dev.bulwark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import picocli.CommandLine;

/** {@code bulwark scan} run in-process: inputs, formats, exit statuses and bad input. */
class ScanCommandTest {

  static final String DEPLOYMENT =
      """
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: web, namespace: team-a}
      spec:
        template:
          spec:
            containers:
            - name: app
              image: nginx:1.27
              securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}
      """;

  static final String COMPLIANT_POD =
      """
      apiVersion: v1
      kind: Pod
      metadata: {name: ok, namespace: team-a}
      spec:
        securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}
        containers:
        - name: app
          image: app:1
          securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}
      """;

  static final String SERVICE =
      """
      apiVersion: v1
      kind: Service
      metadata: {name: web}
      spec: {ports: [{port: 80}]}
      """;

  @TempDir Path dir;

  private final ObjectMapper json = new ObjectMapper();

  /** What one run printed and returned. */
  record Run(int exit, String out, String err) {}

  private Run scan(String stdin, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine command =
        new CommandLine(
            new ScanCommand(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8))));
    command.setOut(new PrintWriter(out));
    command.setErr(new PrintWriter(err));
    int exit = command.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  private Path write(String name, String content) throws IOException {
    Path file = dir.resolve(name);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
    return file;
  }

  @Test
  void directoryScanFindsWorkloadsInMultiDocumentYamlAndJsonLists() throws IOException {
    write("app/all.yaml", DEPLOYMENT + "---\n" + SERVICE);
    write(
        "app/nested/list.json",
        "{\"apiVersion\": \"v1\", \"kind\": \"List\", \"items\": ["
            + json.writeValueAsString(
                new ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory())
                    .readTree(COMPLIANT_POD))
            + "]}");
    write("app/notes.txt", "kind: Pod\n");

    Run run =
        scan("", dir.resolve("app").toString(), "--format", "json", "--bulwark-checks", "none");

    assertThat(run.exit()).isEqualTo(ScanCommand.FINDINGS);
    JsonNode report = json.readTree(run.out());
    assertThat(report.path("level").asText()).isEqualTo("restricted");
    assertThat(report.path("version").asText()).isEqualTo("latest");
    JsonNode objects = report.path("objects");
    assertThat(objects).hasSize(2);
    JsonNode deployment = objects.get(0);
    assertThat(deployment.path("source").asText()).endsWith("app/all.yaml");
    assertThat(deployment.path("document").asInt()).isZero();
    assertThat(deployment.path("apiVersion").asText()).isEqualTo("apps/v1");
    assertThat(deployment.path("kind").asText()).isEqualTo("Deployment");
    assertThat(deployment.path("namespace").asText()).isEqualTo("team-a");
    assertThat(deployment.path("name").asText()).isEqualTo("web");
    JsonNode finding = deployment.path("findings").get(0);
    assertThat(finding.path("check").asText()).isEqualTo("runAsNonRoot");
    assertThat(finding.path("standard").asText()).isEqualTo("pss");
    assertThat(finding.path("level").asText()).isEqualTo("restricted");
    assertThat(finding.path("severity").asText()).isEqualTo("high");
    assertThat(finding.path("path").asText())
        .isEqualTo("spec.template.spec.containers[0].securityContext.runAsNonRoot");
    assertThat(finding.path("message").asText()).contains("container \"app\"");
    assertThat(finding.path("remediation").asText()).isNotBlank();
    JsonNode pod = objects.get(1);
    assertThat(pod.path("kind").asText()).isEqualTo("Pod");
    assertThat(pod.path("findings")).isEmpty();
    assertThat(report.path("summary").path("objects").asInt()).isEqualTo(2);
    assertThat(report.path("summary").path("violating").asInt()).isEqualTo(1);
    assertThat(report.path("summary").path("findings").asInt())
        .isEqualTo(deployment.path("findings").size());
  }

  @Test
  void cleanInputExitsZero() throws IOException {
    Path file = write("pod.yaml", COMPLIANT_POD);
    Run run = scan("", file.toString(), "--bulwark-checks", "none");
    assertThat(run.exit()).isEqualTo(ScanCommand.CLEAN);
    assertThat(run.out()).contains("1 objects scanned at restricted:latest, 0 violating");
  }

  @Test
  void levelAndVersionChangeTheVerdict() throws IOException {
    Path file = write("d.yaml", DEPLOYMENT);
    assertThat(scan("", file.toString(), "--level", "baseline", "--bulwark-checks", "none").exit())
        .isEqualTo(ScanCommand.CLEAN);
    assertThat(scan("", file.toString(), "--version", "v1.20", "--bulwark-checks", "none").exit())
        .isEqualTo(ScanCommand.FINDINGS);
  }

  @Test
  void helmOutputPipedOnStdinIsRead() {
    String helm =
        "---\n# Source: web/templates/service.yaml\n"
            + SERVICE
            + "---\n# Source: web/templates/deployment.yaml\n"
            + DEPLOYMENT
            + "---\n# Source: web/templates/empty.yaml\n";

    Run run = scan(helm, "-", "--format", "json");

    assertThat(run.exit()).isEqualTo(ScanCommand.FINDINGS);
    assertThat(run.out()).contains("\"source\" : \"-\"").contains("\"kind\" : \"Deployment\"");
  }

  @Test
  void malformedDocumentIsReportedWithFileAndLineAndTheScanGoesOn() throws IOException {
    Path file =
        write(
            "mixed.yaml",
            COMPLIANT_POD
                + "---\napiVersion: v1\nkind: Pod\nmetadata: {name: [broken\n---\n"
                + DEPLOYMENT);

    Run run = scan("", file.toString(), "--format", "json", "--bulwark-checks", "none");

    assertThat(run.exit()).isEqualTo(ScanCommand.INPUT_ERROR);
    JsonNode report = json.readTree(run.out());
    assertThat(report.path("objects")).hasSize(2);
    JsonNode error = report.path("errors").get(0);
    assertThat(error.path("source").asText()).isEqualTo(file.toString());
    assertThat(error.path("document").asInt()).isEqualTo(1);
    int podLines = COMPLIANT_POD.split("\n").length;
    assertThat(error.path("line").asInt()).isBetween(podLines + 2, podLines + 5);
    assertThat(run.err()).contains(file + ":" + error.path("line").asInt() + ":");
  }

  @Test
  void wrongFieldTypeIsAnInputErrorNamingTheDocument() throws IOException {
    Path file =
        write(
            "bad.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: x}\nspec: {containers: 7}\n");
    Run run = scan("", file.toString(), "--format", "json");
    assertThat(run.exit()).isEqualTo(ScanCommand.INPUT_ERROR);
    assertThat(json.readTree(run.out()).path("errors").get(0).path("message").asText())
        .contains("cannot read Pod");
  }

  @Test
  void sarifValidatesAgainstTheSarif210Schema() throws Exception {
    Path file = write("d.yaml", DEPLOYMENT);
    Run run = scan("", file.toString(), "--format", "sarif");
    assertThat(run.exit()).isEqualTo(ScanCommand.FINDINGS);

    JsonNode sarif = json.readTree(run.out());
    assertThat(dev.bulwark.report.SarifValidation.errors(sarif)).isEmpty();
    JsonNode runNode = sarif.path("runs").get(0);
    JsonNode rules = runNode.path("tool").path("driver").path("rules");
    assertThat(rules.size()).isEqualTo(27);
    JsonNode result = runNode.path("results").get(0);
    int ruleIndex = result.path("ruleIndex").asInt();
    assertThat(rules.get(ruleIndex).path("id").asText()).isEqualTo(result.path("ruleId").asText());
    assertThat(
            result
                .path("locations")
                .get(0)
                .path("physicalLocation")
                .path("region")
                .path("startLine")
                .asInt())
        .isEqualTo(1);
  }

  @Test
  void junitHasOneTestcasePerObject() throws Exception {
    Path file = write("two.yaml", DEPLOYMENT + "---\n" + COMPLIANT_POD + "---\n" + SERVICE);
    Path report = dir.resolve("out/report.xml");
    Files.createDirectories(report.getParent());

    Run run =
        scan(
            "",
            file.toString(),
            "--format",
            "junit",
            "--output",
            report.toString(),
            "--bulwark-checks",
            "none");

    assertThat(run.exit()).isEqualTo(ScanCommand.FINDINGS);
    assertThat(run.out()).isEmpty();
    Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(report.toFile());
    assertThat(xml.getElementsByTagName("testcase").getLength()).isEqualTo(2);
    assertThat(xml.getElementsByTagName("failure").getLength()).isEqualTo(1);
    assertThat(xml.getDocumentElement().getAttribute("tests")).isEqualTo("2");
  }

  @Test
  void textFormatIsATableWithoutColourWhenNotOnATerminal() throws IOException {
    Path file = write("d.yaml", DEPLOYMENT);
    Run run = scan("", file.toString());
    assertThat(run.exit()).isEqualTo(ScanCommand.FINDINGS);
    assertThat(run.out())
        .contains("Deployment/team-a/web")
        .contains("SEVERITY")
        .contains("runAsNonRoot")
        .contains("imageDigest")
        .doesNotContain("\u001b[");
  }

  @Test
  void usageAndInputErrorsExitTwo() throws IOException {
    Path file = write("d.yaml", DEPLOYMENT);
    assertThat(scan("", file.toString(), "--level", "strict").exit()).isEqualTo(2);
    assertThat(scan("", file.toString(), "--version", "1.30").exit()).isEqualTo(2);
    assertThat(scan("", file.toString(), "--format", "xml").exit()).isEqualTo(2);
    assertThat(scan("").exit()).isEqualTo(2);
    Run missing = scan("", dir.resolve("nope.yaml").toString());
    assertThat(missing.exit()).isEqualTo(2);
    assertThat(missing.err()).contains("no such file or directory");
    Run unknownCheck = scan("", file.toString(), "--bulwark-checks", "probes,bogus");
    assertThat(unknownCheck.exit()).isEqualTo(2);
    assertThat(unknownCheck.err()).contains("unknown Bulwark check \"bogus\"");
    Run notABaseline = scan("", file.toString(), "--baseline", file.toString());
    assertThat(notABaseline.exit()).isEqualTo(2);
    assertThat(notABaseline.err()).contains("d.yaml").contains("expected kind SecurityBaseline");
  }

  @Test
  void baselineFileSetsTheRulesAndItsActiveExceptionsSilenceFindings() throws IOException {
    Path workload = write("d.yaml", DEPLOYMENT);
    Path active = write("active.yaml", baseline("2999-01-01T00:00:00Z"));
    Path expired = write("expired.yaml", baseline("2001-01-01T00:00:00Z"));

    Run withException =
        scan("", workload.toString(), "--format", "json", "--baseline", active.toString());
    Run afterExpiry =
        scan("", workload.toString(), "--format", "json", "--baseline", expired.toString());

    assertThat(withException.exit()).isEqualTo(1);
    assertThat(withException.out())
        .contains("\"check\" : \"seccompProfile_restricted\"")
        .contains("\"check\" : \"imageDigest\"")
        .doesNotContain("\"check\" : \"runAsNonRoot\"")
        .doesNotContain("\"check\" : \"probes\"");
    assertThat(afterExpiry.out()).contains("\"check\" : \"runAsNonRoot\"");
  }

  @Test
  void baselineFileIsValidatedAndExclusiveWithRuleFlags() throws IOException {
    Path workload = write("d.yaml", DEPLOYMENT);
    Path valid = write("valid.yaml", baseline("2999-01-01T00:00:00Z"));
    Path invalid =
        write(
            "invalid.yaml",
            baseline("2999-01-01T00:00:00Z") + "  resources: {quota: {hard: {pods: lots}}}\n");

    Run both = scan("", workload.toString(), "--baseline", valid.toString(), "--level", "baseline");
    Run bad = scan("", workload.toString(), "--baseline", invalid.toString());

    assertThat(both.exit()).isEqualTo(2);
    assertThat(both.err()).contains("--level cannot be combined with --baseline");
    assertThat(bad.exit()).isEqualTo(2);
    assertThat(bad.err()).contains("invalid.yaml").contains("spec.resources.quota.hard.pods");
    Path typo =
        write("typo.yaml", baseline("2999-01-01T00:00:00Z") + "  network: {allowDns: true}\n");
    Run unknownField = scan("", workload.toString(), "--baseline", typo.toString());
    assertThat(unknownField.exit()).isEqualTo(2);
    assertThat(unknownField.err()).contains("typo.yaml: spec.network.allowDns: unknown field");
  }

  /** Found by SpotBugs (NP_NULL_ON_SOME_PATH_FROM_RETURN_VALUE): an empty metadata key. */
  @Test
  void baselineFileWithEmptyMetadataIsNamedAfterTheFile() throws IOException {
    Path workload = write("d.yaml", DEPLOYMENT);
    Path noMetadata =
        write(
            "no-metadata.yaml",
            baseline("2999-01-01T00:00:00Z").replace("metadata: {name: ci}", "metadata:"));

    Run run =
        scan("", workload.toString(), "--format", "json", "--baseline", noMetadata.toString());

    assertThat(run.err()).doesNotContain("Exception");
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.out()).contains("\"check\" : \"imageDigest\"");
  }

  /**
   * A restricted baseline in Audit mode (where a Pod Security exception applies) requiring digests,
   * excepting runAsNonRoot in team-a until {@code expires}.
   */
  private static String baseline(String expires) {
    return """
        apiVersion: bulwark.dev/v1alpha1
        kind: SecurityBaseline
        metadata: {name: ci}
        spec:
          mode: Audit
          podSecurity: {level: restricted, version: latest}
          images: {requireDigest: true}
          exceptions:
          - {checks: [runAsNonRoot], namespaces: [team-a], reason: "JIRA-7", expires: "%s"}
        """
        .formatted(expires);
  }

  /**
   * Issue 23: the preview of what a baseline's generated admission policies refuse, as the operator
   * publishes it before they deny: exceptions as admission applies them (to the pods, by the
   * template's labels), an expiring one marked with its time, and a Pod Security exception the
   * namespace labels make impossible reported and not applied.
   */
  @Test
  void baselinePreviewsWhichPodsItsAdmissionPoliciesRefuse() throws IOException {
    Path workloads =
        write(
            "apps.yaml",
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web, namespace: team-a, labels: {app: web}}
            spec:
              selector: {matchLabels: {app: web}}
              template:
                metadata: {labels: {app: web}}
                spec: {containers: [{name: app, image: "nginx@sha256:%1$s"}]}
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: labelled, namespace: team-a, labels: {tier: legacy}}
            spec:
              selector: {matchLabels: {app: labelled}}
              template:
                metadata: {labels: {app: labelled}}
                spec: {containers: [{name: app, image: "nginx@sha256:%1$s"}]}
            ---
            apiVersion: batch/v1
            kind: CronJob
            metadata: {name: nightly, namespace: team-a}
            spec:
              schedule: "0 3 * * *"
              jobTemplate:
                metadata: {labels: {tier: legacy}}
                spec:
                  template:
                    metadata: {labels: {tier: legacy}}
                    spec:
                      restartPolicy: OnFailure
                      containers: [{name: report, image: "busybox@sha256:%1$s"}]
            """
                .formatted("a".repeat(64)));
    Path baselineFile =
        write(
            "enforce.yaml",
            """
            apiVersion: bulwark.dev/v1alpha1
            kind: SecurityBaseline
            metadata: {name: ci}
            spec:
              podSecurity: {level: restricted}
              resources: {requireRequestsAndLimits: true}
              exceptions:
              - checks: [resourceRequests, resourceLimits]
                selector: {matchLabels: {tier: legacy}}
                reason: JIRA-8
                expires: "2999-01-01T00:00:00Z"
              - {checks: [runAsNonRoot], reason: "JIRA-9"}
            """);

    Run text = scan("", workloads.toString(), "--baseline", baselineFile.toString());
    Run json =
        scan("", workloads.toString(), "--format", "json", "--baseline", baselineFile.toString());

    assertThat(text.out())
        .contains("Admission preview")
        .contains("refuse the pods of 3 object(s)")
        .contains("Deployment/team-a/web")
        .contains("resourceLimits, resourceRequests")
        .as("its own labels are excepted, not its pods'")
        .contains("Deployment/team-a/labelled")
        .as("excepted until the exception expires")
        .contains(
            "resourceLimits from 2999-01-01T00:00:00Z, resourceRequests from"
                + " 2999-01-01T00:00:00Z");
    assertThat(text.out())
        .as("a Pod Security exception in Enforce mode is not applied")
        .contains("runAsNonRoot");
    assertThat(text.err())
        .contains("warning")
        .contains("spec.exceptions[1].checks: runAsNonRoot cannot be excepted");
    assertThat(json.out())
        .contains("\"admissionRefusals\" : [ {")
        .contains("\"check\" : \"resourceLimits\"")
        .contains("\"from\" : \"2999-01-01T00:00:00Z\"");
  }

  @Test
  void allowedRegistryEnablesTheRegistryCheck() throws IOException {
    Path file = write("d.yaml", DEPLOYMENT);
    Run run =
        scan(
            "",
            file.toString(),
            "--format",
            "json",
            "--level",
            "privileged",
            "--bulwark-checks",
            "none",
            "--allowed-registry",
            "ghcr.io/acme");
    assertThat(run.exit()).isEqualTo(ScanCommand.FINDINGS);
    assertThat(
            json.readTree(run.out())
                .path("objects")
                .get(0)
                .path("findings")
                .get(0)
                .path("check")
                .asText())
        .isEqualTo("allowedRegistries");
  }
}
