package dev.bulwark.policy.pss;

import static dev.bulwark.policy.pss.PssCheck.Revision.since;

import dev.bulwark.policy.CheckInfo;
import dev.bulwark.policy.ContainerView;
import dev.bulwark.policy.FindingSink;
import dev.bulwark.policy.Level;
import dev.bulwark.policy.PodView;
import dev.bulwark.policy.SecurityAnnotations;
import dev.bulwark.policy.Severity;
import dev.bulwark.policy.Standard;
import io.fabric8.kubernetes.api.model.SeccompProfile;
import java.util.List;
import java.util.Map;

/**
 * Seccomp must not be switched off: before v1.19 upstream reads the alpha annotations, from v1.19
 * the seccompProfile fields.
 */
final class SeccompProfileBaseline {

  static final PssCheck CHECK =
      new PssCheck(
          new CheckInfo(
              PssCheckIds.SECCOMP_PROFILE_BASELINE,
              Standard.PSS,
              Level.BASELINE,
              Severity.MEDIUM,
              "Seccomp profile",
              "Use seccompProfile.type RuntimeDefault or Localhost; never Unconfined.",
              "5.7.2"),
          List.of(
              since(0, SeccompProfileBaseline::annotations),
              since(19, SeccompProfileBaseline::fields)));

  static final String POD_ANNOTATION = SecurityAnnotations.SECCOMP_POD;
  static final String CONTAINER_ANNOTATION_PREFIX = SecurityAnnotations.SECCOMP_CONTAINER_PREFIX;

  private SeccompProfileBaseline() {}

  static void annotations(PodView pod, CheckInfo check, FindingSink sink) {
    Map<String, String> annotations = pod.annotations();
    if (annotations.isEmpty()) {
      return;
    }
    annotation(pod, POD_ANNOTATION, annotations, check, sink);
    for (ContainerView c : pod.containers()) {
      annotation(pod, CONTAINER_ANNOTATION_PREFIX + c.name(), annotations, check, sink);
    }
  }

  private static void annotation(
      PodView pod, String key, Map<String, String> annotations, CheckInfo check, FindingSink sink) {
    if (!annotations.containsKey(key)) {
      return;
    }
    String value = Messages.orEmpty(annotations.get(key));
    if (value.equals("runtime/default")
        || value.equals("docker/default")
        || value.startsWith("localhost/")) {
      return;
    }
    sink.add(
        check.finding(
            Messages.reason("seccompProfile", "forbidden annotation " + key + "=" + quoteGo(value)),
            pod.metadataPath("annotations[" + key + "]")));
  }

  private static String quoteGo(String value) {
    return Messages.quote(value);
  }

  static void fields(PodView pod, CheckInfo check, FindingSink sink) {
    if (pod.podSecurityContext() != null) {
      SeccompProfile profile = pod.podSecurityContext().getSeccompProfile();
      if (profile != null && !validType(profile.getType())) {
        sink.add(
            check.finding(
                forbiddenType("pod", profile.getType()),
                pod.specPath("securityContext.seccompProfile.type")));
      }
    }
    for (ContainerView c : pod.containers()) {
      SeccompProfile profile =
          c.securityContext() == null ? null : c.securityContext().getSeccompProfile();
      if (profile != null && !validType(profile.getType())) {
        sink.add(
            check.finding(
                forbiddenType(c.describe(), profile.getType()),
                c,
                "securityContext.seccompProfile.type"));
      }
    }
  }

  static boolean validType(String type) {
    return "RuntimeDefault".equals(type) || "Localhost".equals(type);
  }

  static String forbiddenType(String setter, String type) {
    return Messages.reason(
        "seccompProfile",
        setter
            + " must not set securityContext.seccompProfile.type to "
            + Messages.quote(Messages.orEmpty(type)));
  }
}
