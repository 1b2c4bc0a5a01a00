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
import java.util.Set;
import java.util.TreeSet;

/** Only the container runtime's default capabilities may be added at baseline. */
final class CapabilitiesBaseline {

  static final PssCheck CHECK =
      new PssCheck(
          new CheckInfo(
              PssCheckIds.CAPABILITIES_BASELINE,
              Standard.PSS,
              Level.BASELINE,
              Severity.HIGH,
              "Non-default capabilities",
              "Add only default capabilities (e.g. NET_BIND_SERVICE); never NET_RAW, SYS_ADMIN or"
                  + " similar.",
              "5.2.9"),
          List.of(since(0, CapabilitiesBaseline::v1_0)));

  /** The container runtime's default set, as upstream lists it. */
  private static final Set<String> ALLOWED =
      Set.of(
          "AUDIT_WRITE",
          "CHOWN",
          "DAC_OVERRIDE",
          "FOWNER",
          "FSETID",
          "KILL",
          "MKNOD",
          "NET_BIND_SERVICE",
          "SETFCAP",
          "SETGID",
          "SETPCAP",
          "SETUID",
          "SYS_CHROOT");

  private CapabilitiesBaseline() {}

  static void v1_0(PodView pod, CheckInfo check, FindingSink sink) {
    for (ContainerView c : pod.containers()) {
      if (c.securityContext() == null) {
        continue;
      }
      Capabilities capabilities = c.securityContext().getCapabilities();
      List<String> added = capabilities == null ? null : capabilities.getAdd();
      if (added == null) {
        continue;
      }
      TreeSet<String> forbidden = null;
      for (String entry : added) {
        String capability = Messages.orEmpty(entry);
        if (!ALLOWED.contains(capability)) {
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
                    "non-default capabilities",
                    c.describe()
                        + " must not include "
                        + Messages.quoteAll(forbidden)
                        + " in securityContext.capabilities.add"),
                c,
                "securityContext.capabilities.add"));
      }
    }
  }
}
