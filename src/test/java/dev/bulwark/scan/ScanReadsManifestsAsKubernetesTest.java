package dev.bulwark.scan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.policy.EngineConfig;
import dev.bulwark.policy.Finding;
import dev.bulwark.report.ScanReport;
import dev.bulwark.report.ScannedObject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cases of issue 11, as `bulwark scan` meets them in files: each is a manifest that {@code
 * kubectl apply} reads, and the scan must see the same object.
 */
class ScanReadsManifestsAsKubernetesTest {

  @TempDir Path dir;

  private static final String PRIVILEGED_POD =
      """
      apiVersion: v1
      kind: Pod
      metadata: {name: p, namespace: ns}
      spec:
        containers:
        - name: app
          image: nginx:1.27
          securityContext: {privileged: true}
      """;

  private ScanReport scan(String name, byte[] content) throws IOException {
    Path file = dir.resolve(name);
    Files.write(file, content);
    return new ManifestScan(EngineConfig.defaults())
        .run(List.of(file.toString()), new ByteArrayInputStream(new byte[0]), done -> {});
  }

  private ScanReport scan(String name, String content) throws IOException {
    return scan(name, content.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] withBom(String text) {
    byte[] body = text.getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[body.length + 3];
    out[0] = (byte) 0xEF;
    out[1] = (byte) 0xBB;
    out[2] = (byte) 0xBF;
    System.arraycopy(body, 0, out, 3, body.length);
    return out;
  }

  private static List<String> checks(ScannedObject object) {
    return object.findings().stream().map(Finding::check).toList();
  }

  @Test
  void byteOrderMarkBeforeTheFirstKeyIsRead() throws IOException {
    String kindFirst = "kind: Pod\n" + PRIVILEGED_POD.replace("kind: Pod\n", "");
    ScanReport report = scan("bom.yaml", withBom(kindFirst));
    assertThat(report.errors()).isEmpty();
    assertThat(report.objects())
        .singleElement()
        .satisfies(o -> assertThat(checks(o)).contains("privileged"));
  }

  @Test
  void byteOrderMarkBeforeSpecKeepsTheSpec() throws IOException {
    String specFirst =
        """
        spec:
          containers:
          - name: app
            image: nginx:1.27
            securityContext: {privileged: true}
        apiVersion: v1
        kind: Pod
        metadata: {name: p, namespace: ns}
        """;
    ScanReport report = scan("bom-spec.yaml", withBom(specFirst));
    assertThat(report.errors()).isEmpty();
    assertThat(report.objects())
        .singleElement()
        .satisfies(o -> assertThat(checks(o)).contains("privileged"));
  }

  @Test
  void mergeKeysShareASecurityContext() throws IOException {
    String merged =
        """
        apiVersion: v1
        kind: Pod
        metadata: {name: p, namespace: ns}
        spec:
          containers:
          - name: a
            image: nginx:1.27
            securityContext: &hardened
              allowPrivilegeEscalation: false
              runAsNonRoot: true
              capabilities: {drop: [ALL]}
              seccompProfile: {type: RuntimeDefault}
          - name: b
            image: nginx:1.27
            securityContext:
              <<: *hardened
              privileged: true
        """;
    ScanReport report = scan("merge.yaml", merged);
    assertThat(report.errors()).isEmpty();
    ScannedObject pod = report.objects().get(0);
    // b inherits the hardened keys (no runAsNonRoot, seccomp or capabilities findings for it)
    // and adds privileged (a finding for b only).
    assertThat(pod.findings())
        .filteredOn(f -> f.check().equals("privileged"))
        .singleElement()
        .satisfies(f -> assertThat(f.path()).contains("containers[1]"));
    assertThat(pod.findings())
        .extracting(Finding::check)
        .doesNotContain(
            "runAsNonRoot",
            "seccompProfile_restricted",
            "capabilities_restricted",
            "allowPrivilegeEscalation");
  }

  @Test
  void aliasesAreExpanded() throws IOException {
    String aliased =
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: d
          namespace: ns
          labels: &labels {app: web}
        spec:
          selector: {matchLabels: *labels}
          template:
            metadata: {labels: *labels}
            spec:
              containers:
              - {name: app, image: nginx:1.27, securityContext: {privileged: true}}
        """;
    ScanReport report = scan("alias.yaml", aliased);
    assertThat(report.errors()).isEmpty();
    assertThat(report.objects())
        .singleElement()
        .satisfies(o -> assertThat(checks(o)).contains("privileged"));
  }

  @Test
  void spaceHashInAPlainScalarStartsAComment() throws IOException {
    // Kubernetes reads the image as "x 'r": " #" starts a comment even after a quote mark, so
    // the digest is not part of the image.
    String text =
        PRIVILEGED_POD.replace(
            "image: nginx:1.27", "image: x 'r # @sha256:" + "0".repeat(64) + "'");
    ScanReport report = scan("hash.yaml", text);
    assertThat(report.errors()).isEmpty();
    assertThat(report.objects())
        .singleElement()
        .satisfies(o -> assertThat(checks(o)).contains("imageDigest"));
  }

  @Test
  void aDocumentOverThreeMebibytesIsRead() throws IOException {
    StringBuilder list =
        new StringBuilder("{\"apiVersion\": \"v1\", \"kind\": \"List\", \"items\": [");
    int pods = 0;
    while (list.length() < 4 * 1024 * 1024) {
      if (pods > 0) {
        list.append(',');
      }
      list.append(
          "{\"apiVersion\": \"v1\", \"kind\": \"Pod\", \"metadata\": {\"name\": \"p"
              + pods
              + "\", \"namespace\": \"ns\", \"annotations\": {\"note\": \""
              + "x".repeat(2000)
              + "\"}}, \"spec\": {\"containers\": [{\"name\": \"c\", \"image\": \"nginx:1.27\","
              + " \"securityContext\": {\"privileged\": true}}]}}");
      pods++;
    }
    list.append("]}");
    ScanReport json = scan("big.json", list.toString());
    assertThat(json.errors()).isEmpty();
    assertThat(json.objects()).hasSize(pods);
    // The same as YAML (a flow mapping), which went through SnakeYAML's 3 MiB limit.
    ScanReport yaml = scan("big.yaml", "# kubectl get pods -A -o yaml\n" + list);
    assertThat(yaml.errors()).isEmpty();
    assertThat(yaml.objects()).hasSize(pods);
  }

  @Test
  void crlfLineEndsAreReadInDocumentsOfAnySize() throws IOException {
    StringBuilder list = new StringBuilder("apiVersion: v1\nkind: List\nitems:\n");
    int pods = 0;
    while (list.length() < 4 * 1024 * 1024) {
      list.append(
          PRIVILEGED_POD
              .replace("name: p,", "name: p" + pods + ",")
              .indent(2)
              .replaceFirst("  ", "- "));
      list.append("    # ").append("x".repeat(2000)).append('\n');
      pods++;
    }
    String text = (PRIVILEGED_POD + "---\n" + list).replace("\n", "\r\n");
    ScanReport report = scan("crlf.yaml", text);
    assertThat(report.errors()).isEmpty();
    assertThat(report.objects()).hasSize(pods + 1);
    assertThat(report.objects().get(1).line()).isEqualTo(10);
  }

  @Test
  void yamlOneOneBooleansAreBooleans() throws IOException {
    String text = PRIVILEGED_POD.replace("{privileged: true}", "{privileged: yes}");
    ScanReport report = scan("yes.yaml", text);
    assertThat(report.errors()).isEmpty();
    assertThat(report.objects())
        .singleElement()
        .satisfies(o -> assertThat(checks(o)).contains("privileged"));
  }

  @Test
  void aBadDocumentIsReportedByLineAndTheOthersAreRead() throws IOException {
    String text = PRIVILEGED_POD + "---\nkind: Pod\nspec: [unclosed\n---\n" + PRIVILEGED_POD;
    ScanReport report = scan("bad.yaml", text);
    assertThat(report.objects()).hasSize(2);
    assertThat(report.errors())
        .singleElement()
        .satisfies(e -> assertThat(e.line()).isBetween(10, 12));
  }

  @Test
  void billionLaughsIsRefusedQuickly() throws IOException {
    StringBuilder text =
        new StringBuilder(
            "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
    char previous = 'a';
    for (char name = 'b'; name <= 'j'; name++) {
      text.append(name).append(": &").append(name).append(" [");
      for (int i = 0; i < 9; i++) {
        text.append(i == 0 ? "" : ",").append('*').append(previous);
      }
      text.append("]\n");
      previous = name;
    }
    ScanReport report = scan("laughs.yaml", "kind: Pod\n" + text);
    assertThat(report.errors())
        .singleElement()
        .satisfies(e -> assertThat(e.message()).contains("alias"));
  }

  @Test
  void tabsBetweenTokensAreBlanksAsInGoYaml() throws IOException {
    String text =
        PRIVILEGED_POD
            .replace("kind: Pod", "kind:\tPod\t# tab-separated comment")
            .replace("name: app", "name: \"app\"\t# after a quoted value");
    ScanReport report = scan("tabs.yaml", text);
    assertThat(report.errors()).isEmpty();
    assertThat(report.objects())
        .singleElement()
        .satisfies(o -> assertThat(checks(o)).contains("privileged"));
  }

  @Test
  void tabsInIndentationAreRefusedByLine() throws IOException {
    ScanReport report = scan("tab-indent.yaml", "kind: Pod\nspec:\n\tcontainers: []\n");
    assertThat(report.errors()).singleElement().satisfies(e -> assertThat(e.line()).isEqualTo(3));
  }
}
