package dev.bulwark.scan;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Seeded workload manifests of every kind the scan reads, for the typed-binding differential test:
 * each field where decoding into the API types can go one way or the other gets one of its
 * spellings. IntOrString (probe, lifecycle and strategy ports and percentages: {@code 8080}, {@code
 * "8080"}, {@code http}, {@code 8080.0}, {@code 1e3}, {@code 0x1F90}, {@code 25%}, past int32, a
 * fraction, a boolean), Quantity ({@code 0.5}, {@code 500m}, {@code 1e9}, {@code 1Gi}, {@code .5},
 * {@code 1.}, exponents, junk), int32 and int64 fields at and past their bounds, booleans in every
 * YAML 1.1 spelling and quoted, strings that YAML reads as numbers or booleans, RFC 3339 times,
 * nulls ({@code ~}, {@code null}, empty) in fields, list items and map values, and lists or maps
 * where the other belongs. About half the objects use only spellings the API server takes. One file
 * in eight is JSON, where {@code 1.0} and {@code 1e3} are not integers.
 */
final class WorkloadCaseGenerator {

  static final long DEFAULT_SEED = 20_261_206L;

  /** A scalar as YAML and as JSON writes it (null: not written in JSON files). */
  record Lit(String yaml, String json) {}

  private static Lit lit(String both) {
    return new Lit(both, both);
  }

  private static Lit yamlOnly(String yaml) {
    return new Lit(yaml, null);
  }

  private static final Lit NULL_FORM = lit("null");

  static final Lit[] INT32_GOOD = {
    lit("1"),
    lit("0"),
    lit("3"),
    lit("2147483647"),
    lit("-2147483648"),
    yamlOnly("3.0"),
    yamlOnly("1e3"),
    yamlOnly("0x10"),
    yamlOnly("0o17"),
    yamlOnly("017"),
    yamlOnly("1_000"),
    yamlOnly("+5"),
    yamlOnly("~"),
    NULL_FORM,
    yamlOnly("")
  };
  static final Lit[] INT32_BAD = {
    lit("2147483648"),
    lit("-2147483649"),
    lit("3.5"),
    lit("1e10"),
    lit("\"3\""),
    yamlOnly("'3'"),
    lit("true"),
    yamlOnly("yes"),
    lit("[1]"),
    lit("{\"a\": 1}"),
    new Lit("1e3", "1e3"),
    new Lit("3.0", "3.0")
  };
  static final Lit[] INT64_GOOD = {
    lit("0"),
    lit("1000"),
    lit("9223372036854775807"),
    lit("-9223372036854775808"),
    yamlOnly("1e18"),
    yamlOnly("1000.0"),
    NULL_FORM,
    yamlOnly("~")
  };
  static final Lit[] INT64_BAD = {
    lit("9223372036854775808"),
    lit("18446744073709551615"),
    yamlOnly("1e19"),
    lit("\"1000\""),
    lit("1.5"),
    yamlOnly("no"),
    lit("{}")
  };
  static final Lit[] BOOL_GOOD = {
    yamlOnly("y"), yamlOnly("Y"), yamlOnly("yes"), yamlOnly("Yes"), yamlOnly("YES"),
    yamlOnly("n"), yamlOnly("N"), yamlOnly("no"), yamlOnly("No"), yamlOnly("NO"),
    lit("true"), yamlOnly("True"), yamlOnly("TRUE"), lit("false"), yamlOnly("False"),
    yamlOnly("FALSE"), yamlOnly("on"), yamlOnly("On"), yamlOnly("ON"), yamlOnly("off"),
    yamlOnly("Off"), yamlOnly("OFF"), NULL_FORM, yamlOnly("~"), yamlOnly("!!bool yes")
  };
  static final Lit[] BOOL_BAD = {
    lit("\"true\""),
    yamlOnly("'yes'"),
    lit("1"),
    lit("0"),
    lit("[true]"),
    yamlOnly("t"),
    yamlOnly("nope")
  };
  static final Lit[] INT_OR_STRING_GOOD = {
    lit("8080"),
    lit("\"8080\""),
    yamlOnly("http"),
    lit("\"http\""),
    yamlOnly("'http'"),
    yamlOnly("8080.0"),
    yamlOnly("1e3"),
    yamlOnly("0x1F90"),
    lit("0"),
    lit("-1"),
    lit("2147483647"),
    yamlOnly("25%"),
    lit("\"25%\""),
    NULL_FORM,
    yamlOnly("~"),
    yamlOnly("!!str 80")
  };
  static final Lit[] INT_OR_STRING_BAD = {
    lit("8080.5"),
    lit("2147483648"),
    lit("-2147483649"),
    lit("true"),
    yamlOnly("yes"),
    lit("[80]"),
    lit("{\"port\": 80}"),
    new Lit("8080.0", "8080.0"),
    new Lit("1e3", "1e3"),
    yamlOnly("1e10")
  };
  static final Lit[] QUANTITY_GOOD = {
    yamlOnly("0.5"),
    lit("0.5"),
    yamlOnly("500m"),
    lit("\"500m\""),
    lit("1"),
    lit("\"1\""),
    yamlOnly("1e9"),
    lit("\"1e9\""),
    lit("1e9"),
    yamlOnly("1Gi"),
    yamlOnly("1.5Gi"),
    yamlOnly("100Mi"),
    yamlOnly("1G"),
    lit("0"),
    lit("-1"),
    yamlOnly("+1"),
    yamlOnly(".5"),
    yamlOnly("1."),
    yamlOnly("1e-3"),
    yamlOnly("1E3"),
    yamlOnly("2Ki"),
    yamlOnly("0x10"),
    yamlOnly("1_000"),
    yamlOnly("1e400"),
    yamlOnly("' 1Gi '"),
    lit("\"1.5e3m\""),
    yamlOnly("10n"),
    yamlOnly("1.5n"),
    NULL_FORM
  };
  static final Lit[] QUANTITY_BAD = {
    yamlOnly("abc"), lit("\"\""), yamlOnly("1 Gi"), yamlOnly("1Gib"), lit("\"1e\""),
    lit("\"1ee3\""), lit("true"), lit("[1]"), lit("{\"a\": 1}"), yamlOnly("12:30"),
    lit("\"1Ki3\""), lit("\"5+3\""), lit("\".\""), lit("\".e-20\""), yamlOnly("yes")
  };
  static final Lit[] STRING_GOOD = {
    lit("\"web\""),
    yamlOnly("web"),
    lit("\"123\""),
    yamlOnly("'yes'"),
    yamlOnly("''"),
    NULL_FORM,
    yamlOnly("~"),
    yamlOnly("!!str 12"),
    yamlOnly("2024-01-02")
  };
  static final Lit[] STRING_BAD = {
    yamlOnly("123"),
    lit("123"),
    yamlOnly("yes"),
    lit("true"),
    yamlOnly("on"),
    lit("1.5"),
    lit("[\"a\"]"),
    lit("{\"a\": \"b\"}")
  };
  static final Lit[] TIME_GOOD = {
    NULL_FORM,
    yamlOnly("~"),
    lit("\"2024-01-02T03:04:05Z\""),
    yamlOnly("2024-01-02T03:04:05Z"),
    lit("\"2024-01-02T03:04:05.123+01:00\""),
    lit("\"2024-01-02T3:04:05Z\""),
    lit("\"2024-02-29T23:59:59-24:00\"")
  };
  static final Lit[] TIME_BAD = {
    yamlOnly("2024-01-02"),
    lit("\"yesterday\""),
    lit("12345"),
    lit("\"2024-13-01T00:00:00Z\""),
    lit("\"2023-02-29T00:00:00Z\""),
    lit("\"2024-01-02t03:04:05Z\""),
    lit("\"2024-01-02T24:00:00Z\""),
    lit("\"2024-01-02T03:04:05\""),
    lit("\"\"")
  };

  private static final String[] KINDS = {
    "Pod",
    "Deployment",
    "ReplicaSet",
    "StatefulSet",
    "DaemonSet",
    "ReplicationController",
    "Job",
    "CronJob",
    "PodTemplate"
  };

  private final SplittableRandom random;
  private boolean faulty;

  WorkloadCaseGenerator(long seed) {
    this.random = new SplittableRandom(seed);
  }

  /** One generated file. */
  record Case(String name, String text) {
    byte[] bytes() {
      return text.getBytes(StandardCharsets.UTF_8);
    }
  }

  List<Case> cases(int count) {
    List<Case> cases = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      boolean json = random.nextInt(8) == 0;
      int documents = 1 + random.nextInt(json ? 1 : 3);
      StringBuilder text = new StringBuilder();
      StringBuilder name = new StringBuilder("case-" + i);
      for (int d = 0; d < documents; d++) {
        String kind = KINDS[random.nextInt(KINDS.length)];
        name.append('-').append(kind);
        Map<String, Object> object = object(kind);
        if (!json && random.nextInt(15) == 0) {
          object = list(object);
          name.append("List");
        }
        if (json) {
          text.append(json(object)).append('\n');
        } else {
          text.append(d > 0 ? "---\n" : "");
          yaml(text, object, 0);
        }
      }
      cases.add(new Case(name.toString(), text.toString()));
    }
    return cases;
  }

  private Map<String, Object> list(Map<String, Object> item) {
    Map<String, Object> list = new LinkedHashMap<>();
    list.put("apiVersion", lit("v1"));
    list.put("kind", lit("List"));
    list.put("items", List.of(item, object(KINDS[random.nextInt(KINDS.length)])));
    return list;
  }

  // ---- objects

  private Map<String, Object> object(String kind) {
    faulty = random.nextBoolean();
    Map<String, Object> object = new LinkedHashMap<>();
    object.put(
        "apiVersion",
        lit(
            switch (kind) {
              case "Deployment", "ReplicaSet", "StatefulSet", "DaemonSet" -> "apps/v1";
              case "Job", "CronJob" -> "batch/v1";
              default -> "v1";
            }));
    object.put("kind", lit(kind));
    object.put("metadata", metadata());
    switch (kind) {
      case "Pod" -> {
        object.put("spec", podSpec());
        maybe(object, "status", () -> podStatus());
      }
      case "PodTemplate" -> object.put("template", template());
      case "CronJob" -> {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("schedule", lit("\"*/5 * * * *\""));
        maybe(spec, "suspend", () -> value(BOOL_GOOD, BOOL_BAD));
        maybe(spec, "startingDeadlineSeconds", () -> value(INT64_GOOD, INT64_BAD));
        maybe(spec, "successfulJobsHistoryLimit", () -> value(INT32_GOOD, INT32_BAD));
        maybe(spec, "concurrencyPolicy", () -> value(STRING_GOOD, STRING_BAD));
        spec.put("jobTemplate", map("spec", jobSpec()));
        object.put("spec", spec);
      }
      case "Job" -> object.put("spec", jobSpec());
      default -> {
        object.put("spec", controllerSpec(kind));
        if (random.nextInt(6) == 0) {
          object.put("status", controllerStatus());
        }
      }
    }
    return object;
  }

  private Map<String, Object> metadata() {
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("name", random.nextInt(6) == 0 ? value(STRING_GOOD, STRING_BAD) : lit("\"web\""));
    maybe(meta, "namespace", () -> value(STRING_GOOD, STRING_BAD));
    maybe(meta, "labels", () -> stringMap());
    maybe(meta, "annotations", () -> stringMap());
    maybe(meta, "creationTimestamp", () -> value(TIME_GOOD, TIME_BAD));
    maybe(meta, "generation", () -> value(INT64_GOOD, INT64_BAD));
    if (random.nextInt(10) == 0) {
      Map<String, Object> owner = new LinkedHashMap<>();
      owner.put("apiVersion", lit("\"apps/v1\""));
      owner.put("kind", lit("\"ReplicaSet\""));
      owner.put("name", lit("\"rs\""));
      owner.put("uid", lit("\"0000\""));
      maybe(owner, "controller", () -> value(BOOL_GOOD, BOOL_BAD));
      meta.put("ownerReferences", List.of(owner));
    }
    return meta;
  }

  private Object stringMap() {
    if (faulty && random.nextInt(15) == 0) {
      return pick(lit("[\"a\"]"), lit("\"a=b\""));
    }
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("app", random.nextInt(4) == 0 ? value(STRING_GOOD, STRING_BAD) : lit("\"web\""));
    if (random.nextBoolean()) {
      map.put("tier", value(STRING_GOOD, STRING_BAD));
    }
    return map;
  }

  private Map<String, Object> controllerSpec(String kind) {
    Map<String, Object> spec = new LinkedHashMap<>();
    if (!kind.equals("DaemonSet")) {
      maybe(spec, "replicas", () -> value(INT32_GOOD, INT32_BAD));
    }
    maybe(spec, "minReadySeconds", () -> value(INT32_GOOD, INT32_BAD));
    if (kind.equals("ReplicationController")) {
      spec.put("selector", map("app", lit("\"web\"")));
    } else {
      spec.put("selector", map("matchLabels", map("app", lit("\"web\""))));
    }
    switch (kind) {
      case "Deployment" -> {
        maybe(spec, "paused", () -> value(BOOL_GOOD, BOOL_BAD));
        maybe(spec, "progressDeadlineSeconds", () -> value(INT32_GOOD, INT32_BAD));
        maybe(
            spec,
            "strategy",
            () -> map("type", lit("\"RollingUpdate\""), "rollingUpdate", surge()));
      }
      case "DaemonSet" -> maybe(spec, "updateStrategy", () -> map("rollingUpdate", surge()));
      case "StatefulSet" -> {
        spec.put("serviceName", value(STRING_GOOD, STRING_BAD));
        Map<String, Object> rolling = new LinkedHashMap<>();
        maybe(rolling, "partition", () -> value(INT32_GOOD, INT32_BAD));
        maybe(rolling, "maxUnavailable", () -> value(INT_OR_STRING_GOOD, INT_OR_STRING_BAD));
        maybe(spec, "updateStrategy", () -> map("rollingUpdate", rolling));
        maybe(spec, "volumeClaimTemplates", () -> List.of(claim()));
      }
      default -> {}
    }
    spec.put("template", template());
    return spec;
  }

  private Map<String, Object> controllerStatus() {
    Map<String, Object> status = new LinkedHashMap<>();
    maybe(status, "replicas", () -> value(INT32_GOOD, INT32_BAD));
    Map<String, Object> condition = new LinkedHashMap<>();
    condition.put("type", lit("\"Available\""));
    condition.put("status", lit("\"True\""));
    maybe(condition, "lastTransitionTime", () -> value(TIME_GOOD, TIME_BAD));
    status.put("conditions", List.of(condition));
    return status;
  }

  private Map<String, Object> surge() {
    Map<String, Object> rolling = new LinkedHashMap<>();
    maybe(rolling, "maxSurge", () -> value(INT_OR_STRING_GOOD, INT_OR_STRING_BAD));
    maybe(rolling, "maxUnavailable", () -> value(INT_OR_STRING_GOOD, INT_OR_STRING_BAD));
    return rolling;
  }

  private Map<String, Object> claim() {
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("accessModes", List.of(lit("\"ReadWriteOnce\"")));
    spec.put("resources", map("requests", map("storage", value(QUANTITY_GOOD, QUANTITY_BAD))));
    return map("metadata", map("name", lit("\"data\"")), "spec", spec);
  }

  private Map<String, Object> jobSpec() {
    Map<String, Object> spec = new LinkedHashMap<>();
    maybe(spec, "parallelism", () -> value(INT32_GOOD, INT32_BAD));
    maybe(spec, "completions", () -> value(INT32_GOOD, INT32_BAD));
    maybe(spec, "backoffLimit", () -> value(INT32_GOOD, INT32_BAD));
    maybe(spec, "activeDeadlineSeconds", () -> value(INT64_GOOD, INT64_BAD));
    maybe(spec, "ttlSecondsAfterFinished", () -> value(INT32_GOOD, INT32_BAD));
    maybe(spec, "suspend", () -> value(BOOL_GOOD, BOOL_BAD));
    Map<String, Object> template = template();
    @SuppressWarnings("unchecked")
    Map<String, Object> podSpec = (Map<String, Object>) template.get("spec");
    podSpec.put("restartPolicy", lit("\"Never\""));
    spec.put("template", template);
    return spec;
  }

  private Map<String, Object> template() {
    Map<String, Object> template = new LinkedHashMap<>();
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("labels", map("app", lit("\"web\"")));
    maybe(meta, "annotations", () -> stringMap());
    template.put("metadata", meta);
    template.put("spec", podSpec());
    return template;
  }

  private Map<String, Object> podSpec() {
    Map<String, Object> spec = new LinkedHashMap<>();
    maybe(spec, "terminationGracePeriodSeconds", () -> value(INT64_GOOD, INT64_BAD));
    maybe(spec, "activeDeadlineSeconds", () -> value(INT64_GOOD, INT64_BAD));
    maybe(spec, "automountServiceAccountToken", () -> value(BOOL_GOOD, BOOL_BAD));
    maybe(spec, "hostNetwork", () -> value(BOOL_GOOD, BOOL_BAD));
    maybe(spec, "hostPID", () -> value(BOOL_GOOD, BOOL_BAD));
    maybe(spec, "serviceAccountName", () -> value(STRING_GOOD, STRING_BAD));
    maybe(spec, "priority", () -> value(INT32_GOOD, INT32_BAD));
    maybe(spec, "nodeSelector", () -> stringMap());
    maybe(spec, "securityContext", () -> podSecurity());
    if (random.nextInt(4) == 0) {
      Map<String, Object> toleration = new LinkedHashMap<>();
      toleration.put("key", lit("\"k\""));
      toleration.put("operator", lit("\"Exists\""));
      maybe(toleration, "tolerationSeconds", () -> value(INT64_GOOD, INT64_BAD));
      spec.put("tolerations", List.of(toleration));
    }
    if (random.nextInt(4) == 0) {
      spec.put("initContainers", List.of(container("init")));
    }
    List<Object> containers = new ArrayList<>();
    containers.add(container("app"));
    if (random.nextInt(3) == 0) {
      containers.add(container("sidecar"));
    }
    if (faulty && random.nextInt(25) == 0) {
      containers.add(pick(NULL_FORM, yamlOnly("~")));
    }
    spec.put(
        "containers", faulty && random.nextInt(40) == 0 ? map("name", lit("\"app\"")) : containers);
    if (random.nextInt(3) == 0) {
      Map<String, Object> emptyDir = new LinkedHashMap<>();
      maybe(emptyDir, "sizeLimit", () -> value(QUANTITY_GOOD, QUANTITY_BAD));
      maybe(emptyDir, "medium", () -> value(STRING_GOOD, STRING_BAD));
      spec.put("volumes", List.of(map("name", lit("\"data\""), "emptyDir", emptyDir)));
    }
    return spec;
  }

  private Map<String, Object> podSecurity() {
    Map<String, Object> context = new LinkedHashMap<>();
    maybe(context, "runAsUser", () -> value(INT64_GOOD, INT64_BAD));
    maybe(context, "runAsGroup", () -> value(INT64_GOOD, INT64_BAD));
    maybe(context, "fsGroup", () -> value(INT64_GOOD, INT64_BAD));
    maybe(context, "runAsNonRoot", () -> value(BOOL_GOOD, BOOL_BAD));
    maybe(context, "seccompProfile", () -> map("type", lit("\"RuntimeDefault\"")));
    return context;
  }

  private Map<String, Object> container(String name) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("name", lit("\"" + name + "\""));
    c.put("image", lit("\"ghcr.io/acme/" + name + ":1.0\""));
    if (random.nextBoolean()) {
      Map<String, Object> port = new LinkedHashMap<>();
      port.put("containerPort", value(INT32_GOOD, INT32_BAD));
      maybe(port, "hostPort", () -> value(INT32_GOOD, INT32_BAD));
      maybe(port, "protocol", () -> lit("\"TCP\""));
      c.put("ports", List.of(port));
    }
    if (random.nextInt(3) == 0) {
      Map<String, Object> env = new LinkedHashMap<>();
      env.put("name", lit("\"MODE\""));
      env.put("value", value(STRING_GOOD, STRING_BAD));
      c.put("env", List.of(env));
    }
    maybe(c, "resources", () -> resources());
    maybe(c, "livenessProbe", () -> probe());
    maybe(c, "readinessProbe", () -> probe());
    if (random.nextInt(5) == 0) {
      c.put("startupProbe", probe());
    }
    if (random.nextInt(5) == 0) {
      Map<String, Object> lifecycle = new LinkedHashMap<>();
      lifecycle.put(
          random.nextBoolean() ? "preStop" : "postStart",
          random.nextBoolean()
              ? map("httpGet", map("port", value(INT_OR_STRING_GOOD, INT_OR_STRING_BAD)))
              : map("tcpSocket", map("port", value(INT_OR_STRING_GOOD, INT_OR_STRING_BAD))));
      c.put("lifecycle", lifecycle);
    }
    maybe(c, "securityContext", () -> containerSecurity());
    maybe(c, "stdin", () -> value(BOOL_GOOD, BOOL_BAD));
    return c;
  }

  private Map<String, Object> resources() {
    Map<String, Object> resources = new LinkedHashMap<>();
    for (String bound : new String[] {"requests", "limits"}) {
      if (random.nextBoolean()) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("cpu", value(QUANTITY_GOOD, QUANTITY_BAD));
        maybe(values, "memory", () -> value(QUANTITY_GOOD, QUANTITY_BAD));
        maybe(values, "ephemeral-storage", () -> value(QUANTITY_GOOD, QUANTITY_BAD));
        resources.put(bound, values);
      }
    }
    return resources;
  }

  private Map<String, Object> probe() {
    Map<String, Object> probe = new LinkedHashMap<>();
    switch (random.nextInt(3)) {
      case 0 -> {
        Map<String, Object> get = new LinkedHashMap<>();
        get.put("path", lit("\"/healthz\""));
        get.put("port", value(INT_OR_STRING_GOOD, INT_OR_STRING_BAD));
        probe.put("httpGet", get);
      }
      case 1 -> probe.put("tcpSocket", map("port", value(INT_OR_STRING_GOOD, INT_OR_STRING_BAD)));
      default -> probe.put("grpc", map("port", value(INT32_GOOD, INT32_BAD)));
    }
    maybe(probe, "initialDelaySeconds", () -> value(INT32_GOOD, INT32_BAD));
    maybe(probe, "periodSeconds", () -> value(INT32_GOOD, INT32_BAD));
    maybe(probe, "timeoutSeconds", () -> value(INT32_GOOD, INT32_BAD));
    return probe;
  }

  private Map<String, Object> containerSecurity() {
    Map<String, Object> context = new LinkedHashMap<>();
    maybe(context, "privileged", () -> value(BOOL_GOOD, BOOL_BAD));
    maybe(context, "allowPrivilegeEscalation", () -> value(BOOL_GOOD, BOOL_BAD));
    maybe(context, "readOnlyRootFilesystem", () -> value(BOOL_GOOD, BOOL_BAD));
    maybe(context, "runAsUser", () -> value(INT64_GOOD, INT64_BAD));
    maybe(context, "runAsNonRoot", () -> value(BOOL_GOOD, BOOL_BAD));
    maybe(
        context,
        "capabilities",
        () -> map("drop", List.of(lit("\"ALL\"")), "add", List.of(value(STRING_GOOD, STRING_BAD))));
    return context;
  }

  private Map<String, Object> podStatus() {
    Map<String, Object> status = new LinkedHashMap<>();
    status.put("phase", lit("\"Running\""));
    maybe(status, "startTime", () -> value(TIME_GOOD, TIME_BAD));
    return status;
  }

  // ---- values

  /** An ordered map of key, value pairs (Map.of's order changes from one JVM to the next). */
  private static Map<String, Object> map(Object... pairs) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      map.put((String) pairs[i], pairs[i + 1]);
    }
    return map;
  }

  private Lit value(Lit[] good, Lit[] bad) {
    return faulty && random.nextInt(10) == 0 ? pick(bad) : pick(good);
  }

  private interface Value {
    Object get();
  }

  private void maybe(Map<String, Object> map, String key, Value value) {
    if (random.nextBoolean()) {
      map.put(key, value.get());
    }
  }

  @SafeVarargs
  private <T> T pick(T... options) {
    return options[random.nextInt(options.length)];
  }

  // ---- writing

  private static void yaml(StringBuilder out, Map<?, ?> map, int indent) {
    String pad = " ".repeat(indent);
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      out.append(pad).append(entry.getKey()).append(':');
      value(out, entry.getValue(), indent);
    }
  }

  private static void value(StringBuilder out, Object value, int indent) {
    if (value instanceof Lit lit) {
      out.append(lit.yaml().isEmpty() ? "" : " " + lit.yaml()).append('\n');
    } else if (value instanceof Map<?, ?> map) {
      out.append(map.isEmpty() ? " {}\n" : "\n");
      yaml(out, map, indent + 2);
    } else {
      List<?> list = (List<?>) value;
      out.append(list.isEmpty() ? " []\n" : "\n");
      for (Object item : list) {
        out.append(" ".repeat(indent)).append("-");
        if (item instanceof Map<?, ?> map && !map.isEmpty()) {
          out.append('\n');
          yaml(out, map, indent + 2);
        } else {
          value(out, item, indent + 2);
        }
      }
    }
  }

  private static String json(Object value) {
    if (value instanceof Lit lit) {
      return lit.json() != null ? lit.json() : jsonOf(lit.yaml());
    }
    StringBuilder out = new StringBuilder();
    if (value instanceof Map<?, ?> map) {
      out.append('{');
      String sep = "";
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        out.append(sep)
            .append('"')
            .append(entry.getKey())
            .append("\": ")
            .append(json(entry.getValue()));
        sep = ", ";
      }
      return out.append('}').toString();
    }
    out.append('[');
    String sep = "";
    for (Object item : (List<?>) value) {
      out.append(sep).append(json(item));
      sep = ", ";
    }
    return out.append(']').toString();
  }

  /** A JSON stand-in for a YAML-only spelling: its YAML text as a string. */
  private static String jsonOf(String yaml) {
    return "\"" + yaml.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
