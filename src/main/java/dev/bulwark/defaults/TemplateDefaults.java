package dev.bulwark.defaults;

import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The values a pod template leaves unset among the selected {@link DefaultSetting}s, by the same
 * rules as the admission policy ({@link DefaultingPolicy}): a value the template sets, at pod or
 * container level, is never replaced; a pod-level seccompProfile or runAsNonRoot counts as set for
 * every container; privileged containers and those adding CAP_SYS_ADMIN get no
 * allowPrivilegeEscalation (the API server refuses false with them); Windows pods ({@code
 * spec.os.name: windows}, or a Windows hostProcess pod or container) get no Linux-only fields; a
 * pod or container asking for runAsUser 0 gets no runAsNonRoot; a pod carrying a legacy seccomp
 * annotation ({@value #SECCOMP_POD_ANNOTATION} or {@value #SECCOMP_CONTAINER_ANNOTATION}NAME) gets
 * no seccompProfile (the API server refuses a field that differs from the annotation: "seccomp type
 * in annotation and field must match"). So a default never turns an admitted pod into a refused
 * one.
 *
 * @param changes one line per value to set, e.g. {@code containers[app].securityContext
 *     .allowPrivilegeEscalation=false}; empty when the template needs nothing
 * @param podSpecPatch the pod spec fragment that sets exactly those values (containers keyed by
 *     name), as a server-side apply configuration of {@code spec.template.spec}
 */
public record TemplateDefaults(List<String> changes, Map<String, Object> podSpecPatch) {

  /** The legacy pod-level seccomp annotation (removed from the kubelet, still validated). */
  public static final String SECCOMP_POD_ANNOTATION = "seccomp.security.alpha.kubernetes.io/pod";

  /** The prefix of the legacy container-level seccomp annotation; the container's name follows. */
  public static final String SECCOMP_CONTAINER_ANNOTATION =
      "container.seccomp.security.alpha.kubernetes.io/";

  /** What {@code spec} needs for {@code settings}, ignoring the pod's annotations. */
  public static TemplateDefaults of(PodSpec spec, Set<DefaultSetting> settings) {
    return of(null, spec, settings);
  }

  /**
   * What the pod with {@code metadata} (its template's, may be null) and {@code spec} needs for
   * {@code settings}.
   */
  public static TemplateDefaults of(
      ObjectMeta metadata, PodSpec spec, Set<DefaultSetting> settings) {
    List<String> changes = new ArrayList<>();
    Map<String, Object> patch = new LinkedHashMap<>();
    PodSecurityContext pod = spec.getSecurityContext();
    boolean linux = !windows(spec);
    Map<String, Object> podContext = new LinkedHashMap<>();
    if (settings.contains(DefaultSetting.SECCOMP_PROFILE)
        && linux
        && !legacySeccompAnnotation(metadata)
        && (pod == null || pod.getSeccompProfile() == null)) {
      podContext.put("seccompProfile", Map.of("type", "RuntimeDefault"));
      changes.add("securityContext.seccompProfile.type=RuntimeDefault");
    }
    if (settings.contains(DefaultSetting.RUN_AS_NON_ROOT)
        && (pod == null || pod.getRunAsNonRoot() == null)
        && !asksForRoot(spec)) {
      podContext.put("runAsNonRoot", true);
      changes.add("securityContext.runAsNonRoot=true");
    }
    if (!podContext.isEmpty()) {
      patch.put("securityContext", podContext);
    }
    if (linux) {
      containers("containers", spec.getContainers(), settings, changes, patch);
      containers("initContainers", spec.getInitContainers(), settings, changes, patch);
    }
    return new TemplateDefaults(List.copyOf(changes), patch);
  }

  /**
   * Whether {@code spec} is a Windows pod: {@code spec.os.name: windows}, or a Windows hostProcess
   * pod or container (which the API server admits without {@code spec.os}).
   */
  public static boolean windows(PodSpec spec) {
    if (spec.getOs() != null && "windows".equals(spec.getOs().getName())) {
      return true;
    }
    if (spec.getSecurityContext() != null
        && spec.getSecurityContext().getWindowsOptions() != null
        && Boolean.TRUE.equals(spec.getSecurityContext().getWindowsOptions().getHostProcess())) {
      return true;
    }
    List<Container> all = new ArrayList<>();
    if (spec.getContainers() != null) {
      all.addAll(spec.getContainers());
    }
    if (spec.getInitContainers() != null) {
      all.addAll(spec.getInitContainers());
    }
    return all.stream()
        .anyMatch(
            c ->
                c.getSecurityContext() != null
                    && c.getSecurityContext().getWindowsOptions() != null
                    && Boolean.TRUE.equals(
                        c.getSecurityContext().getWindowsOptions().getHostProcess()));
  }

  /** Whether {@code metadata} carries a legacy seccomp annotation, at pod or container level. */
  public static boolean legacySeccompAnnotation(ObjectMeta metadata) {
    if (metadata == null || metadata.getAnnotations() == null) {
      return false;
    }
    return metadata.getAnnotations().keySet().stream()
        .anyMatch(
            key ->
                key.equals(SECCOMP_POD_ANNOTATION) || key.startsWith(SECCOMP_CONTAINER_ANNOTATION));
  }

  /** Whether nothing needs setting. */
  public boolean empty() {
    return changes.isEmpty();
  }

  private static void containers(
      String field,
      List<Container> containers,
      Set<DefaultSetting> settings,
      List<String> changes,
      Map<String, Object> patch) {
    if (containers == null) {
      return;
    }
    List<Map<String, Object>> entries = new ArrayList<>();
    for (Container c : containers) {
      SecurityContext sc = c.getSecurityContext();
      Map<String, Object> context = new LinkedHashMap<>();
      String at = field + "[" + c.getName() + "].securityContext.";
      if (settings.contains(DefaultSetting.ALLOW_PRIVILEGE_ESCALATION)
          && (sc == null || sc.getAllowPrivilegeEscalation() == null)
          && !privilegedOrSysAdmin(sc)) {
        context.put("allowPrivilegeEscalation", false);
        changes.add(at + "allowPrivilegeEscalation=false");
      }
      if (settings.contains(DefaultSetting.DROP_ALL_CAPABILITIES)
          && (sc == null
              || sc.getCapabilities() == null
              || sc.getCapabilities().getDrop() == null
              || sc.getCapabilities().getDrop().isEmpty())) {
        context.put("capabilities", Map.of("drop", List.of("ALL")));
        changes.add(at + "capabilities.drop=[ALL]");
      }
      if (!context.isEmpty()) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("name", c.getName());
        entry.put("securityContext", context);
        entries.add(entry);
      }
    }
    if (!entries.isEmpty()) {
      patch.put(field, entries);
    }
  }

  /** The API server forbids allowPrivilegeEscalation=false with these (pod validation). */
  static boolean privilegedOrSysAdmin(SecurityContext sc) {
    if (sc == null) {
      return false;
    }
    if (Boolean.TRUE.equals(sc.getPrivileged())) {
      return true;
    }
    Capabilities caps = sc.getCapabilities();
    return caps != null
        && caps.getAdd() != null
        && caps.getAdd().stream().anyMatch(a -> "SYS_ADMIN".equals(a) || "CAP_SYS_ADMIN".equals(a));
  }

  private static boolean asksForRoot(PodSpec spec) {
    if (spec.getSecurityContext() != null
        && Long.valueOf(0).equals(spec.getSecurityContext().getRunAsUser())) {
      return true;
    }
    List<Container> all = new ArrayList<>();
    if (spec.getContainers() != null) {
      all.addAll(spec.getContainers());
    }
    if (spec.getInitContainers() != null) {
      all.addAll(spec.getInitContainers());
    }
    return all.stream()
        .anyMatch(
            c ->
                c.getSecurityContext() != null
                    && Long.valueOf(0).equals(c.getSecurityContext().getRunAsUser()));
  }

  /**
   * Whether every value of {@code podSpecPatch} (as {@link #podSpecPatch()} shapes it) is still in
   * {@code spec}: false once another writer unset or changed one of them.
   */
  public static boolean holds(PodSpec spec, Map<String, Object> podSpecPatch) {
    Object current = Serialization.jsonMapper().convertValue(spec, Map.class);
    return contains(current, podSpecPatch);
  }

  private static boolean contains(Object have, Object want) {
    if (want instanceof Map<?, ?> wantMap) {
      if (!(have instanceof Map<?, ?> haveMap)) {
        return false;
      }
      return wantMap.entrySet().stream()
          .allMatch(e -> contains(haveMap.get(e.getKey()), e.getValue()));
    }
    if (want instanceof List<?> wantList && !wantList.isEmpty() && wantList.get(0) instanceof Map) {
      if (!(have instanceof List<?> haveList)) {
        return false;
      }
      for (Object entry : wantList) {
        Object name = ((Map<?, ?>) entry).get("name");
        Object match =
            haveList.stream()
                .filter(h -> h instanceof Map<?, ?> m && name.equals(m.get("name")))
                .findFirst()
                .orElse(null);
        if (!contains(match, entry)) {
          return false;
        }
      }
      return true;
    }
    return java.util.Objects.equals(have, want);
  }
}
