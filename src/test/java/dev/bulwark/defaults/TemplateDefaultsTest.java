package dev.bulwark.defaults;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Which values a pod template lacks, by the rules the admission policy applies too. */
class TemplateDefaultsTest {

  private static final Set<DefaultSetting> ALL = EnumSet.allOf(DefaultSetting.class);

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of(
            "nothing set: every value",
            "containers: [{name: app, image: x}]",
            ALL,
            List.of(
                "securityContext.seccompProfile.type=RuntimeDefault",
                "securityContext.runAsNonRoot=true",
                "containers[app].securityContext.allowPrivilegeEscalation=false",
                "containers[app].securityContext.capabilities.drop=[ALL]")),
        Arguments.of(
            "init containers too",
            "{initContainers: [{name: init, image: x}], containers: [{name: app, image: x,"
                + " securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}}]}",
            EnumSet.of(
                DefaultSetting.ALLOW_PRIVILEGE_ESCALATION, DefaultSetting.DROP_ALL_CAPABILITIES),
            List.of(
                "initContainers[init].securityContext.allowPrivilegeEscalation=false",
                "initContainers[init].securityContext.capabilities.drop=[ALL]")),
        Arguments.of(
            "pod-level seccomp counts as set, whatever its type",
            "{securityContext: {seccompProfile: {type: Unconfined}}, containers: [{name: a, image: x}]}",
            EnumSet.of(DefaultSetting.SECCOMP_PROFILE),
            List.of()),
        Arguments.of(
            "a container's own seccomp is kept: the pod-level default does not override it",
            "containers: [{name: a, image: x, securityContext: {seccompProfile: {type: Unconfined}}}]",
            EnumSet.of(DefaultSetting.SECCOMP_PROFILE),
            List.of("securityContext.seccompProfile.type=RuntimeDefault")),
        Arguments.of(
            "values the container sets are kept, also other drop lists",
            "containers: [{name: a, image: x, securityContext: {allowPrivilegeEscalation: true,"
                + " capabilities: {drop: [NET_RAW]}}}]",
            ALL,
            List.of(
                "securityContext.seccompProfile.type=RuntimeDefault",
                "securityContext.runAsNonRoot=true")),
        Arguments.of(
            "privileged and CAP_SYS_ADMIN containers get no allowPrivilegeEscalation",
            "containers: [{name: p, image: x, securityContext: {privileged: true}},"
                + " {name: s, image: x, securityContext: {capabilities: {add: [CAP_SYS_ADMIN]}}}]",
            EnumSet.of(DefaultSetting.ALLOW_PRIVILEGE_ESCALATION),
            List.of()),
        Arguments.of(
            "runAsUser 0 anywhere: no runAsNonRoot",
            "containers: [{name: a, image: x, securityContext: {runAsUser: 0}}]",
            EnumSet.of(DefaultSetting.RUN_AS_NON_ROOT),
            List.of()),
        Arguments.of(
            "pod-level runAsNonRoot false is kept",
            "{securityContext: {runAsNonRoot: false}, containers: [{name: a, image: x}]}",
            EnumSet.of(DefaultSetting.RUN_AS_NON_ROOT),
            List.of()),
        Arguments.of(
            "Windows pods get no Linux-only fields",
            "{os: {name: windows}, containers: [{name: a, image: x}]}",
            EnumSet.of(
                DefaultSetting.SECCOMP_PROFILE,
                DefaultSetting.ALLOW_PRIVILEGE_ESCALATION,
                DefaultSetting.DROP_ALL_CAPABILITIES),
            List.of()),
        Arguments.of(
            "a Windows hostProcess pod without spec.os gets no Linux-only fields either",
            "{hostNetwork: true, securityContext: {windowsOptions: {hostProcess: true}},"
                + " containers: [{name: a, image: x}]}",
            EnumSet.of(
                DefaultSetting.SECCOMP_PROFILE,
                DefaultSetting.ALLOW_PRIVILEGE_ESCALATION,
                DefaultSetting.DROP_ALL_CAPABILITIES),
            List.of()),
        Arguments.of(
            "no setting selected: nothing",
            "containers: [{name: a, image: x}]",
            EnumSet.noneOf(DefaultSetting.class),
            List.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void changes(String what, String specYaml, Set<DefaultSetting> settings, List<String> expected) {
    PodSpec spec = parse(specYaml);
    TemplateDefaults needed = TemplateDefaults.of(spec, settings);
    assertThat(needed.changes()).containsExactlyElementsOf(expected);
    assertThat(needed.empty()).isEqualTo(expected.isEmpty());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void patchSetsExactlyTheChangesAndThenHolds(
      String what, String specYaml, Set<DefaultSetting> settings, List<String> expected) {
    PodSpec spec = parse(specYaml);
    TemplateDefaults needed = TemplateDefaults.of(spec, settings);
    assertThat(TemplateDefaults.holds(spec, needed.podSpecPatch())).isEqualTo(expected.isEmpty());
    PodSpec patched = merged(spec, needed.podSpecPatch());
    assertThat(TemplateDefaults.holds(patched, needed.podSpecPatch())).isTrue();
    assertThat(TemplateDefaults.of(patched, settings).changes()).as("nothing left").isEmpty();
  }

  /** A pod spec from one line of flow-style YAML. */
  @SuppressWarnings("unchecked")
  private static PodSpec parse(String yaml) {
    String flow = yaml.startsWith("{") ? yaml : "{" + yaml + "}";
    Map<String, Object> wrapped = Serialization.unmarshal("spec: " + flow, Map.class);
    return Serialization.jsonMapper().convertValue(wrapped.get("spec"), PodSpec.class);
  }

  /** What server-side apply makes of the patch: maps merged, containers merged by name. */
  @SuppressWarnings("unchecked")
  private static PodSpec merged(PodSpec spec, Map<String, Object> patch) {
    Map<String, Object> base = Serialization.jsonMapper().convertValue(spec, Map.class);
    merge(base, patch);
    return Serialization.jsonMapper().convertValue(base, PodSpec.class);
  }

  @SuppressWarnings("unchecked")
  private static void merge(Map<String, Object> base, Map<String, Object> patch) {
    patch.forEach(
        (key, value) -> {
          Object have = base.get(key);
          if (value instanceof Map<?, ?> m && have instanceof Map<?, ?> h) {
            merge((Map<String, Object>) h, (Map<String, Object>) m);
          } else if (value instanceof List<?> l
              && have instanceof List<?> h
              && !l.isEmpty()
              && l.get(0) instanceof Map) {
            for (Object entry : l) {
              Map<String, Object> e = (Map<String, Object>) entry;
              h.stream()
                  .map(o -> (Map<String, Object>) o)
                  .filter(o -> e.get("name").equals(o.get("name")))
                  .findFirst()
                  .ifPresent(o -> merge(o, e));
            }
          } else {
            base.put(key, value);
          }
        });
  }

  @org.junit.jupiter.api.Test
  void aLegacySeccompAnnotationAtPodOrContainerLevelLeavesTheSeccompFieldAlone() {
    PodSpec spec = parse("containers: [{name: app, image: x}]");
    for (String key :
        List.of(
            TemplateDefaults.SECCOMP_POD_ANNOTATION,
            TemplateDefaults.SECCOMP_CONTAINER_ANNOTATION + "app")) {
      io.fabric8.kubernetes.api.model.ObjectMeta metadata =
          new io.fabric8.kubernetes.api.model.ObjectMetaBuilder()
              .addToAnnotations(key, "localhost/profile.json")
              .build();
      assertThat(TemplateDefaults.of(metadata, spec, ALL).changes())
          .as(key)
          .containsExactly(
              "securityContext.runAsNonRoot=true",
              "containers[app].securityContext.allowPrivilegeEscalation=false",
              "containers[app].securityContext.capabilities.drop=[ALL]");
    }
  }
}
