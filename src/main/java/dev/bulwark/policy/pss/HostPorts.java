package dev.bulwark.policy.pss;

import static dev.bulwark.policy.pss.PssCheck.Revision.since;

import dev.bulwark.policy.CheckInfo;
import dev.bulwark.policy.ContainerView;
import dev.bulwark.policy.FindingSink;
import dev.bulwark.policy.Level;
import dev.bulwark.policy.PodView;
import dev.bulwark.policy.Severity;
import dev.bulwark.policy.Standard;
import io.fabric8.kubernetes.api.model.ContainerPort;
import java.util.List;

/** Host ports bind the node's network interfaces and bypass network policy. */
final class HostPorts {

  static final PssCheck CHECK =
      new PssCheck(
          new CheckInfo(
              PssCheckIds.HOST_PORTS,
              Standard.PSS,
              Level.BASELINE,
              Severity.MEDIUM,
              "Host ports",
              "Remove hostPort from container ports; expose the pod through a Service instead.",
              "5.2.13"),
          List.of(since(0, HostPorts::v1_0)));

  private HostPorts() {}

  static void v1_0(PodView pod, CheckInfo check, FindingSink sink) {
    for (ContainerView c : pod.containers()) {
      List<ContainerPort> ports = c.ports();
      for (int i = 0; i < ports.size(); i++) {
        Integer hostPort = ports.get(i).getHostPort();
        if (hostPort != null && hostPort != 0) {
          sink.add(
              check.finding(
                  Messages.reason("hostPort", c.describe() + " uses hostPort " + hostPort),
                  c,
                  "ports[" + i + "].hostPort"));
        }
      }
    }
  }
}
