package dev.bulwark.defaults;

import dev.bulwark.admission.ValidatingPolicies;
import dev.bulwark.api.ExceptionSpec;
import dev.bulwark.plan.Ownership;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The MutatingAdmissionPolicy ({@code admissionregistration.k8s.io/v1}) and binding that fill in a
 * baseline's {@link DefaultSetting}s on pods at admission, inside the API server.
 *
 * <p>Shape: one policy and one binding per baseline, both named {@code
 * bulwark-defaults-<baseline>}; one ApplyConfiguration mutation per setting and container list,
 * each a no-op ({@code Object{}}) when nothing needs it, so a value the pod sets is never replaced
 * (the rules are those of {@link TemplateDefaults}). Matched requests: CREATE of pods, and UPDATE
 * of {@code pods/ephemeralcontainers} where only the ephemeral containers being added are filled in
 * (existing ones are immutable; pod-level fields cannot change there, so an ephemeral container
 * gets container-level seccompProfile and runAsNonRoot when the pod has none). Reinvoked when a
 * later mutation adds containers; failurePolicy Ignore, so a fault in a default never blocks a pod
 * (Pod Security admission still decides). Every defaulted field is written out, so the object read
 * back equals the one generated and drift is a plain comparison.
 */
public final class DefaultingPolicy {

  public static final String API_VERSION = "admissionregistration.k8s.io/v1";
  public static final String POLICY_KIND = "MutatingAdmissionPolicy";
  public static final String BINDING_KIND = "MutatingAdmissionPolicyBinding";

  /** Label on both objects naming their role, so they are told from other generated policies. */
  public static final String COMPONENT_LABEL = "app.kubernetes.io/component";

  public static final String COMPONENT = "pod-defaults";

  private static final String HOST_PROCESS =
      "has(%1$s.securityContext) && has(%1$s.securityContext.windowsOptions)"
          + " && has(%1$s.securityContext.windowsOptions.hostProcess)"
          + " && %1$s.securityContext.windowsOptions.hostProcess";

  /** Not a Windows pod: no {@code os.name: windows}, no hostProcess pod or container. */
  private static final String LINUX =
      "!(has(object.spec.os) && object.spec.os.name == 'windows')"
          + " && !("
          + HOST_PROCESS.formatted("object.spec")
          + ")"
          + " && !object.spec.containers.exists(c, "
          + HOST_PROCESS.formatted("c")
          + ")"
          + " && !(has(object.spec.initContainers) && object.spec.initContainers.exists(c, "
          + HOST_PROCESS.formatted("c")
          + "))";

  /**
   * A legacy seccomp annotation, pod or container level: a seccompProfile field that differs from
   * it makes the API server refuse the pod.
   */
  private static final String LEGACY_SECCOMP =
      "has(object.metadata.annotations) && object.metadata.annotations.exists(k, k == '"
          + TemplateDefaults.SECCOMP_POD_ANNOTATION
          + "' || k.startsWith('"
          + TemplateDefaults.SECCOMP_CONTAINER_ANNOTATION
          + "'))";

  private static final String POD_SECCOMP_SET =
      "has(object.spec.securityContext) && has(object.spec.securityContext.seccompProfile)";
  private static final String POD_RUN_AS_NON_ROOT_SET =
      "has(object.spec.securityContext) && has(object.spec.securityContext.runAsNonRoot)";
  private static final String POD_ROOT =
      "(has(object.spec.securityContext) && has(object.spec.securityContext.runAsUser)"
          + " && object.spec.securityContext.runAsUser == 0)";

  private DefaultingPolicy() {}

  /** Name of the policy and of the binding generated for {@code baseline}. */
  public static String name(String baseline) {
    return "bulwark-defaults-" + baseline;
  }

  /** The policy for {@code baseline} filling in {@code settings} (not empty), no exception. */
  public static GenericKubernetesResource policy(String baseline, Set<DefaultSetting> settings) {
    return policy(baseline, settings, List.of());
  }

  /**
   * The policy for {@code baseline} filling in {@code settings} (not empty), leaving a setting
   * alone on pods an active exception for one of its checks ({@link DefaultSetting#checks()})
   * covers.
   */
  public static GenericKubernetesResource policy(
      String baseline, Set<DefaultSetting> settings, Collection<ExceptionSpec> activeExceptions) {
    Map<DefaultSetting, String> excepted = new java.util.EnumMap<>(DefaultSetting.class);
    for (DefaultSetting setting : settings) {
      ValidatingPolicies.excepted(setting.checks(), activeExceptions)
          .ifPresent(e -> excepted.put(setting, e));
    }
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("failurePolicy", "Ignore");
    spec.put(
        "matchConstraints",
        map(
            "matchPolicy",
            "Equivalent",
            "namespaceSelector",
            Map.of(),
            "objectSelector",
            Map.of(),
            "resourceRules",
            List.of(rule("CREATE", "pods"), rule("UPDATE", "pods/ephemeralcontainers"))));
    List<Map<String, Object>> mutations = new ArrayList<>();
    if (settings.contains(DefaultSetting.SECCOMP_PROFILE)) {
      mutations.add(
          mutation(
              "request.operation == 'CREATE' && variables.linux && !variables.podSeccompSet"
                  + " && !variables.legacySeccomp"
                  + unless(excepted, DefaultSetting.SECCOMP_PROFILE)
                  + " ? Object{spec: Object.spec{securityContext: Object.spec.securityContext{"
                  + "seccompProfile: Object.spec.securityContext.seccompProfile{"
                  + "type: 'RuntimeDefault'}}}} : Object{}"));
    }
    if (settings.contains(DefaultSetting.RUN_AS_NON_ROOT)) {
      mutations.add(
          mutation(
              "request.operation == 'CREATE' && !variables.podRunAsNonRootSet && !variables.root"
                  + unless(excepted, DefaultSetting.RUN_AS_NON_ROOT)
                  + " ? Object{spec: Object.spec{securityContext: Object.spec.securityContext{"
                  + "runAsNonRoot: true}}} : Object{}"));
    }
    for (String list : List.of("containers", "initContainers", "ephemeralContainers")) {
      boolean ephemeral = list.equals("ephemeralContainers");
      String when = ephemeral ? "request.operation == 'UPDATE'" : "request.operation == 'CREATE'";
      String fresh =
          ephemeral
              ? " && !(has(oldObject.spec.ephemeralContainers)"
                  + " && oldObject.spec.ephemeralContainers.exists(o, o.name == c.name))"
              : "";
      String type = "Object.spec." + list + ".securityContext";
      if (settings.contains(DefaultSetting.ALLOW_PRIVILEGE_ESCALATION)) {
        mutations.add(
            containerMutation(
                list,
                when
                    + " && variables.linux"
                    + unless(excepted, DefaultSetting.ALLOW_PRIVILEGE_ESCALATION),
                "(!has(c.securityContext) || (!has(c.securityContext.allowPrivilegeEscalation)"
                    + " && !(has(c.securityContext.privileged) && c.securityContext.privileged)"
                    + " && !(has(c.securityContext.capabilities)"
                    + " && has(c.securityContext.capabilities.add)"
                    + " && c.securityContext.capabilities.add.exists(a, a == 'SYS_ADMIN'"
                    + " || a == 'CAP_SYS_ADMIN'))))"
                    + fresh,
                type + "{allowPrivilegeEscalation: false}"));
      }
      if (settings.contains(DefaultSetting.DROP_ALL_CAPABILITIES)) {
        mutations.add(
            dropAll(
                list,
                when
                    + " && variables.linux"
                    + unless(excepted, DefaultSetting.DROP_ALL_CAPABILITIES),
                "(!has(c.securityContext) || !has(c.securityContext.capabilities)"
                    + " || !has(c.securityContext.capabilities.drop)"
                    + " || size(c.securityContext.capabilities.drop) == 0)"
                    + fresh));
      }
      if (ephemeral && settings.contains(DefaultSetting.SECCOMP_PROFILE)) {
        mutations.add(
            containerMutation(
                list,
                when
                    + " && variables.linux && !variables.podSeccompSet && !variables.legacySeccomp"
                    + unless(excepted, DefaultSetting.SECCOMP_PROFILE),
                "(!has(c.securityContext) || !has(c.securityContext.seccompProfile))" + fresh,
                type + "{seccompProfile: " + type + ".seccompProfile{type: 'RuntimeDefault'}}"));
      }
      if (ephemeral && settings.contains(DefaultSetting.RUN_AS_NON_ROOT)) {
        mutations.add(
            containerMutation(
                list,
                when
                    + " && !variables.podRunAsNonRootSet && !"
                    + POD_ROOT
                    + unless(excepted, DefaultSetting.RUN_AS_NON_ROOT),
                "(!has(c.securityContext) || (!has(c.securityContext.runAsNonRoot)"
                    + " && !(has(c.securityContext.runAsUser) && c.securityContext.runAsUser == 0)))"
                    + fresh,
                type + "{runAsNonRoot: true}"));
      }
    }
    spec.put("mutations", mutations);
    spec.put("reinvocationPolicy", "IfNeeded");
    List<Map<String, Object>> variables = new ArrayList<>();
    variables.addAll(
        List.of(
            variable("linux", LINUX),
            variable("legacySeccomp", LEGACY_SECCOMP),
            variable("podSeccompSet", POD_SECCOMP_SET),
            variable("podRunAsNonRootSet", POD_RUN_AS_NON_ROOT_SET),
            variable(
                "root",
                POD_ROOT
                    + " || object.spec.containers.exists(c, has(c.securityContext)"
                    + " && has(c.securityContext.runAsUser) && c.securityContext.runAsUser == 0)"
                    + " || (has(object.spec.initContainers)"
                    + " && object.spec.initContainers.exists(c, has(c.securityContext)"
                    + " && has(c.securityContext.runAsUser) && c.securityContext.runAsUser == 0))")));
    excepted.forEach(
        (setting, expression) -> variables.add(variable(exceptedName(setting), expression)));
    spec.put("variables", variables);
    return resource(POLICY_KIND, baseline, spec);
  }

  /** The variable telling whether an exception leaves {@code setting} alone on the pod. */
  private static String exceptedName(DefaultSetting setting) {
    return switch (setting) {
      case SECCOMP_PROFILE -> "exceptedSeccompProfile";
      case ALLOW_PRIVILEGE_ESCALATION -> "exceptedAllowPrivilegeEscalation";
      case DROP_ALL_CAPABILITIES -> "exceptedDropAllCapabilities";
      case RUN_AS_NON_ROOT -> "exceptedRunAsNonRoot";
    };
  }

  /** {@code && !variables.excepted...} when an exception covers {@code setting}, else nothing. */
  private static String unless(Map<DefaultSetting, String> excepted, DefaultSetting setting) {
    return excepted.containsKey(setting) ? " && !variables." + exceptedName(setting) : "";
  }

  /**
   * The binding of {@code baseline}'s policy to its governed namespaces: the baseline's own
   * namespace selector, minus the namespaces {@code excluded} by name (its exclusions, the system
   * and operator namespaces, and those another baseline wins), through the {@code
   * kubernetes.io/metadata.name} label the API server sets on every namespace.
   */
  public static GenericKubernetesResource binding(
      String baseline, LabelSelector selector, Collection<String> excluded) {
    Map<String, Object> namespaceSelector = new LinkedHashMap<>();
    List<Object> expressions = new ArrayList<>();
    if (selector != null) {
      @SuppressWarnings("unchecked")
      Map<String, Object> own = Serialization.jsonMapper().convertValue(selector, Map.class);
      if (own.get("matchLabels") instanceof Map<?, ?> labels && !labels.isEmpty()) {
        namespaceSelector.put("matchLabels", labels);
      }
      if (own.get("matchExpressions") instanceof List<?> list) {
        expressions.addAll(list);
      }
    }
    if (!excluded.isEmpty()) {
      expressions.add(
          map(
              "key",
              "kubernetes.io/metadata.name",
              "operator",
              "NotIn",
              "values",
              List.copyOf(new TreeSet<>(excluded))));
    }
    if (!expressions.isEmpty()) {
      namespaceSelector.put("matchExpressions", expressions);
    }
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put(
        "matchResources",
        map(
            "matchPolicy",
            "Equivalent",
            "namespaceSelector",
            namespaceSelector,
            "objectSelector",
            Map.of()));
    spec.put("policyName", name(baseline));
    return resource(BINDING_KIND, baseline, spec);
  }

  private static GenericKubernetesResource resource(
      String kind, String baseline, Map<String, Object> spec) {
    GenericKubernetesResource resource = new GenericKubernetesResource();
    resource.setApiVersion(API_VERSION);
    resource.setKind(kind);
    resource.setMetadata(
        new ObjectMetaBuilder()
            .withName(name(baseline))
            .addToLabels(Ownership.MANAGED_BY_LABEL, Ownership.MANAGED_BY_VALUE)
            .addToLabels(Ownership.BASELINE_LABEL, baseline)
            .addToLabels(COMPONENT_LABEL, COMPONENT)
            .build());
    resource.setAdditionalProperty("spec", spec);
    return resource;
  }

  private static Map<String, Object> rule(String operation, String resource) {
    return map(
        "apiGroups",
        List.of(""),
        "apiVersions",
        List.of("v1"),
        "operations",
        List.of(operation),
        "resources",
        List.of(resource),
        "scope",
        "*");
  }

  private static Map<String, Object> mutation(String expression) {
    return map(
        "applyConfiguration", Map.of("expression", expression), "patchType", "ApplyConfiguration");
  }

  /** Sets {@code value} on each container of {@code list} that {@code needs}, if {@code when}. */
  private static Map<String, Object> containerMutation(
      String list, String when, String needs, String value) {
    String all = "object.spec." + list;
    return mutation(
        when
            + " && has("
            + all
            + ") && "
            + all
            + ".exists(c, "
            + needs
            + ") ? Object{spec: Object.spec{"
            + list
            + ": "
            + all
            + ".filter(c, "
            + needs
            + ").map(c, Object.spec."
            + list
            + "{name: c.name, securityContext: "
            + value
            + "})}} : Object{}");
  }

  /**
   * capabilities.drop is an atomic list, which an ApplyConfiguration may not set: a JSON patch adds
   * it at the deepest level that exists, addressing each container by its index.
   */
  private static Map<String, Object> dropAll(String list, String when, String needs) {
    String all = "object.spec." + list;
    String type = "Object.spec." + list + ".securityContext";
    String at = "'/spec/" + list + "/' + string(i) + '/securityContext";
    return map(
        "jsonPatch",
        Map.of(
            "expression",
            when
                + " && has("
                + all
                + ") ? "
                + all
                + ".transformList(i, c, "
                + needs
                + ", !has(c.securityContext) ? JSONPatch{op: 'add', path: "
                + at
                + "', value: "
                + type
                + "{capabilities: "
                + type
                + ".capabilities{drop: ['ALL']}}}"
                + " : !has(c.securityContext.capabilities) ? JSONPatch{op: 'add', path: "
                + at
                + "/capabilities', value: "
                + type
                + ".capabilities{drop: ['ALL']}}"
                + " : JSONPatch{op: 'add', path: "
                + at
                + "/capabilities/drop', value: ['ALL']}) : []"),
        "patchType",
        "JSONPatch");
  }

  private static Map<String, Object> variable(String name, String expression) {
    return map("expression", expression, "name", name);
  }

  private static Map<String, Object> map(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }
}
