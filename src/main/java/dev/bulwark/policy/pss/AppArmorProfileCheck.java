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
import io.fabric8.kubernetes.api.model.AppArmorProfile;
import java.util.List;
import java.util.Map;

/**
 * Overriding or disabling the default AppArmor profile is forbidden, through the field or through
 * the deprecated beta annotation, which upstream still reads.
 */
final class AppArmorProfileCheck {

  static final PssCheck CHECK =
      new PssCheck(
          new CheckInfo(
              PssCheckIds.APP_ARMOR_PROFILE,
              Standard.PSS,
              Level.BASELINE,
              Severity.MEDIUM,
              "Forbidden AppArmor profile",
              "Use appArmorProfile.type RuntimeDefault or Localhost (or leave it unset).",
              null),
          List.of(since(0, AppArmorProfileCheck::v1_0)));

  static final String ANNOTATION_PREFIX = SecurityAnnotations.APPARMOR_PREFIX;
  private static final String REASON = "forbidden AppArmor profile";

  private AppArmorProfileCheck() {}

  static void v1_0(PodView pod, CheckInfo check, FindingSink sink) {
    if (pod.podSecurityContext() != null) {
      AppArmorProfile profile = pod.podSecurityContext().getAppArmorProfile();
      if (profile != null && !allowedType(profile.getType())) {
        sink.add(
            check.finding(
                message("pod", profile.getType()),
                pod.specPath("securityContext.appArmorProfile.type")));
      }
    }
    for (ContainerView c : pod.containers()) {
      AppArmorProfile profile =
          c.securityContext() == null ? null : c.securityContext().getAppArmorProfile();
      if (profile != null && !allowedType(profile.getType())) {
        sink.add(
            check.finding(
                message(c.describe(), profile.getType()),
                c,
                "securityContext.appArmorProfile.type"));
      }
    }
    for (Map.Entry<String, String> annotation : pod.annotations().entrySet()) {
      String key = annotation.getKey();
      if (key.startsWith(ANNOTATION_PREFIX) && !allowedAnnotation(annotation.getValue())) {
        sink.add(
            check.finding(
                Messages.reason(
                    REASON,
                    "annotation must not set AppArmor profile type to "
                        + Messages.quote(
                            key + "=" + Messages.quote(Messages.orEmpty(annotation.getValue())))),
                pod.metadataPath("annotations[" + key + "]")));
      }
    }
  }

  private static String message(String setter, String type) {
    return Messages.reason(
        REASON,
        setter
            + " must not set AppArmor profile type to "
            + Messages.quote(Messages.orEmpty(type)));
  }

  private static boolean allowedType(String type) {
    return "RuntimeDefault".equals(type) || "Localhost".equals(type);
  }

  private static boolean allowedAnnotation(String value) {
    return value == null
        || value.isEmpty()
        || value.equals("runtime/default")
        || value.startsWith("localhost/");
  }
}
