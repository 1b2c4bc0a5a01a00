package dev.bulwark.policy.pss;

import static dev.bulwark.policy.pss.PssCheck.Revision.since;

import dev.bulwark.policy.CheckInfo;
import dev.bulwark.policy.ContainerRef;
import dev.bulwark.policy.ContainerView;
import dev.bulwark.policy.FindingSink;
import dev.bulwark.policy.Level;
import dev.bulwark.policy.PodView;
import dev.bulwark.policy.Severity;
import dev.bulwark.policy.Standard;
import io.fabric8.kubernetes.api.model.SELinuxOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Custom SELinux users and roles are forbidden and only container types are allowed; v1.31 added
 * {@code container_engine_t} to the allowed types.
 */
final class SeLinuxOptions {

  private static final Set<String> TYPES_V1_0 =
      Set.of("", "container_t", "container_init_t", "container_kvm_t");
  private static final Set<String> TYPES_V1_31 =
      Set.of("", "container_t", "container_init_t", "container_kvm_t", "container_engine_t");

  static final PssCheck CHECK =
      new PssCheck(
          new CheckInfo(
              PssCheckIds.SE_LINUX_OPTIONS,
              Standard.PSS,
              Level.BASELINE,
              Severity.MEDIUM,
              "SELinux options",
              "Leave seLinuxOptions.user and .role unset and use a container_* SELinux type.",
              null),
          List.of(
              since(0, (pod, check, sink) -> evaluate(pod, check, sink, TYPES_V1_0)),
              since(31, (pod, check, sink) -> evaluate(pod, check, sink, TYPES_V1_31))));

  private SeLinuxOptions() {}

  private static void evaluate(
      PodView pod, CheckInfo check, FindingSink sink, Set<String> allowedTypes) {
    if (pod.podSecurityContext() != null) {
      report(
          "pod",
          pod.podSecurityContext().getSeLinuxOptions(),
          pod.specPath("securityContext.seLinuxOptions"),
          null,
          allowedTypes,
          check,
          sink);
    }
    for (ContainerView c : pod.containers()) {
      if (c.securityContext() != null) {
        report(
            c.describe(),
            c.securityContext().getSeLinuxOptions(),
            c.path("securityContext.seLinuxOptions"),
            c.ref(),
            allowedTypes,
            check,
            sink);
      }
    }
  }

  private static void report(
      String setter,
      SELinuxOptions options,
      String path,
      ContainerRef container,
      Set<String> allowedTypes,
      CheckInfo check,
      FindingSink sink) {
    if (options == null) {
      return;
    }
    String type = Messages.orEmpty(options.getType());
    boolean badType = !allowedTypes.contains(type);
    boolean setUser = options.getUser() != null && !options.getUser().isEmpty();
    boolean setRole = options.getRole() != null && !options.getRole().isEmpty();
    if (!badType && !setUser && !setRole) {
      return;
    }
    List<String> problems = new ArrayList<>(3);
    if (badType) {
      problems.add("type " + Messages.quote(type));
    }
    if (setUser) {
      problems.add("user may not be set");
    }
    if (setRole) {
      problems.add("role may not be set");
    }
    String field = badType ? "type" : setUser ? "user" : "role";
    String message =
        Messages.reason(
            "seLinuxOptions",
            setter
                + " set forbidden securityContext.seLinuxOptions: "
                + String.join("; ", problems));
    sink.add(check.finding(message, path + "." + field, container));
  }
}
