package dev.bulwark.scan;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The fast YAML reader builds exactly Jackson's tree, or leaves the document to Jackson. */
class LeanYamlTest {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  static final String MANIFEST =
      """
      # Source: chart/templates/deployment.yaml
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: web   # trailing comment
        namespace: "team-a"
        labels: {app: web, 'app.kubernetes.io/name': web, tier: "front # not a comment"}
        annotations:
          note: it's fine
          empty:
          "quoted key": 'it''s'
          escaped: "a\\"b\\\\c\\nd"
          url: http://example.com/x#y
          colon: a:b
          hash: a#b
      spec:
        replicas: 3
        paused: false
        progressDeadlineSeconds: 0
        selector:
          matchLabels: {app: web}
        template:
          metadata:
            labels: {}
          spec:
            securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}
            hostNetwork: true
            nodeSelector: null
            tolerations: ~
            containers:
            - name: app
              image: registry.example/api@sha256:0000
              args: ["--port", '8080', --verbose, x]
              command:
                - /bin/sh
                - -c
                - |
                  echo one
                    indented # kept

                  echo two
              ports:
              - containerPort: 8080
                hostPort: 8080
              - {containerPort: 9090, name: metrics}
              securityContext:
                capabilities:
                  drop: [ALL]
                  add: []
              resources:
                requests: {cpu: 100m, memory: 128Mi}
                limits:
                  cpu: 500m
                  memory: 1Gi
              env:
              -   name: A
                  value: |-
                    line
                    line2
              -
                name: B
              - name: C
                value: "100"
            -   name: sidecar
                image: busybox
            volumes:
            - name: data
              hostPath: {path: /var/data}
            - name: scratch
              emptyDir: {}
      """;

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

  static final String POD =
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

  private static JsonNode jackson(String text) throws Exception {
    return YAML.readTree(text);
  }

  @Test
  void readsATypicalManifestAsJacksonDoes() throws Exception {
    JsonNode lean = LeanYaml.read(MANIFEST);
    assertThat(lean).isNotNull();
    assertThat(lean).isEqualTo(jackson(MANIFEST));
  }

  @Test
  void readsTheScanTestsManifests() throws Exception {
    for (String text : List.of(DEPLOYMENT, POD, SERVICE)) {
      assertThat(LeanYaml.read(text)).isNotNull().isEqualTo(jackson(text));
    }
  }

  /** Each either reads as Jackson reads it or is left to Jackson; most are left. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "a: 1.5",
        "a: 010",
        "a: 0x1F",
        "a: 1e3",
        "a: 1_000",
        "a: 190:20:30",
        "a: 2001-12-14",
        "a: 12345678901",
        "a: -1",
        "a: +1",
        "a: .inf",
        "a: yes",
        "a: No",
        "a: on",
        "a: OFF",
        "a: True",
        "a: NULL",
        "a: y",
        "a: 0",
        "a: 0b101",
        "a: 1.27-alpine",
        "a: 12ab",
        "a: 10Gi",
        "a: 1Ei",
        "8080: port",
        "a: &x 1\nb: *x",
        "a: !!str 1",
        "a: >\n  folded\n  text\n",
        "a: |+\n  keep\n\n",
        "a: |2\n   x\n",
        "a: multi\n  line\n",
        "a: 'multi\n  line'\n",
        "a: \"x\\u0041\"",
        "a:\n  - x\n  -y\n",
        "a: [x, y,]",
        "a: {x}",
        "a: [x: y]",
        "a: {x: {y: [1, {z: ~}]}}",
        "a: b: c",
        "a:\n    b: 1\n  c: 2\n",
        "a: 1\n  b: 2\n",
        "? a\n: b\n",
        "<<: {a: 1}",
        "a: b\na: c\n",
        "- a\n- b\n",
        "{\"a\": 1}",
        "a: |\n  x\n",
        "a: |\n  x",
        "a: |-\n  x\n\n\nb: 1\n",
        "a: |\n\n  x\n",
        "a:\n- b\n- c\nd: e\n",
        "a:\n  -\n  - b\n",
        "a: \"x\" # c\nb: 'y'\n",
        "a: x #c\n",
        "a: x#c\n",
        "a: 'x\n",
        "  a: 1\n  b: 2\n",
        "  a: 1\nb: 2\n",
        "a:\tb",
        "a: @x",
        "a: `x",
        "a: %x",
        "key with spaces: v",
        "a: v\n# comment\n\n  # indented comment\nb: w\n",
        "list:\n- - a\n  - b\n- - c\n",
        "a: ''",
        "a: \"\"",
        "a: =",
        "a: [\"x, y\", 'z]']",
      })
  void neverReadsDifferentlyFromJackson(String text) throws Exception {
    JsonNode lean = LeanYaml.read(text);
    if (lean != null) {
      assertThat(lean).as(text).isEqualTo(jackson(text));
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "a: 1.5",
        "a: yes",
        "a: &x 1\nb: *x",
        "a: >\n  folded\n",
        "a: multi\n  line\n",
        "a: b: c",
        "- a\n",
        "{\"a\": 1}",
        "apiVersion: v1\nkind: Pod\nmetadata: {name: [broken\n",
        "a: 1\n  b: 2\n",
      })
  void leavesWhatItDoesNotHandleToJackson(String text) {
    assertThat(LeanYaml.read(text)).as(text).isNull();
  }
}
