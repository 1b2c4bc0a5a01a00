package dev.bulwark.policy.pss;

import static dev.bulwark.policy.pss.PssCheck.Revision.since;

import dev.bulwark.policy.CheckInfo;
import dev.bulwark.policy.FindingSink;
import dev.bulwark.policy.Level;
import dev.bulwark.policy.PodView;
import dev.bulwark.policy.Severity;
import dev.bulwark.policy.Standard;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.util.List;

/** Sharing the host's network, PID or IPC namespace breaks pod isolation. */
final class HostNamespaces {

  static final PssCheck CHECK =
      new PssCheck(
          new CheckInfo(
              PssCheckIds.HOST_NAMESPACES,
              Standard.PSS,
              Level.BASELINE,
              Severity.HIGH,
              "Host namespaces",
              "Remove hostNetwork, hostPID and hostIPC from the pod spec (or set them to false).",
              "5.2.3"),
          List.of(since(0, HostNamespaces::v1_0)));

  private HostNamespaces() {}

  static void v1_0(PodView pod, CheckInfo check, FindingSink sink) {
    PodSpec spec = pod.spec();
    report(pod, check, sink, spec.getHostNetwork(), "hostNetwork");
    report(pod, check, sink, spec.getHostPID(), "hostPID");
    report(pod, check, sink, spec.getHostIPC(), "hostIPC");
  }

  private static void report(
      PodView pod, CheckInfo check, FindingSink sink, Boolean value, String field) {
    if (Boolean.TRUE.equals(value)) {
      sink.add(
          check.finding(Messages.reason("host namespaces", field + "=true"), pod.specPath(field)));
    }
  }
}
