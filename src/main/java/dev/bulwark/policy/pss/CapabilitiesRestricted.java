package dev.bulwark.policy.pss;

import static dev.bulwark.policy.pss.PssCheck.Revision.since;

import dev.bulwark.policy.CheckInfo;
import dev.bulwark.policy.ContainerView;
import dev.bulwark.policy.FindingSink;
import dev.bulwark.policy.Level;
import dev.bulwark.policy.PodView;
import dev.bulwark.policy.Severity;
import dev.bulwark.policy.Standard;
import io.fabric8.kubernetes.api.model.Capabilities;
import java.util.List;
import java.util.TreeSet;

/**
 * Containers must drop ALL capabilities and may add back only NET_BIND_SERVICE (from v1.22,
 * replacing capabilities_baseline at restricted); Windows pods are exempt from v1.25.
 */
final class CapabilitiesRestricted {

  static final PssCheck CHECK =
      new PssCheck(
          new CheckInfo(
              PssCheckIds.CAPABILITIES_RESTRICTED,
              Standard.PSS,
              Level.RESTRICTED,
              Severity.MEDIUM,
              "Unrestricted capabilities",
              "Set securityContext.capabilities.drop: [\"ALL\"] and add back at most"
                  + " NET_BIND_SERVICE.",
              "5.2.10"),
          List.of(
              since(22, CapabilitiesRestricted::allPods, PssCheckIds.CAPABILITIES_BASELINE),
              since(25, CapabilitiesRestricted::linuxPods, PssCheckIds.CAPABILITIES_BASELINE)));

  private static final String REASON = "unrestricted capabilities";

  private CapabilitiesRestricted() {}

  static void allPods(PodView pod, CheckInfo check, FindingSink sink) {
    for (ContainerView c : pod.containers()) {
      Capabilities capabilities =
          c.securityContext() == null ? null : c.securityContext().getCapabilities();
      List<String> drop = capabilities == null ? null : capabilities.getDrop();
      if (drop == null || !drop.contains("ALL")) {
        sink.add(
            check.finding(
                Messages.reason(
                    REASON, c.describe() + " must set securityContext.capabilities.drop=[\"ALL\"]"),
                c,
                "securityContext.capabilities.drop"));
      }
      List<String> add = capabilities == null ? null : capabilities.getAdd();
      if (add == null) {
        continue;
      }
      TreeSet<String> forbidden = null;
      for (String entry : add) {
        String capability = Messages.orEmpty(entry);
        if (!"NET_BIND_SERVICE".equals(capability)) {
          if (forbidden == null) {
            forbidden = new TreeSet<>();
          }
          forbidden.add(capability);
        }
      }
      if (forbidden != null) {
        sink.add(
            check.finding(
                Messages.reason(
                    REASON,
                    c.describe()
                        + " must not include "
                        + Messages.quoteAll(forbidden)
                        + " in securityContext.capabilities.add"),
                c,
                "securityContext.capabilities.add"));
      }
    }
  }

  static void linuxPods(PodView pod, CheckInfo check, FindingSink sink) {
    if (!pod.isWindows()) {
      allPods(pod, check, sink);
    }
  }
}
