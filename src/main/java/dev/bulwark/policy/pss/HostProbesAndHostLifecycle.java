package dev.bulwark.policy.pss;

import static dev.bulwark.policy.pss.PssCheck.Revision.since;

import dev.bulwark.policy.CheckInfo;
import dev.bulwark.policy.ContainerView;
import dev.bulwark.policy.FindingSink;
import dev.bulwark.policy.Level;
import dev.bulwark.policy.PodView;
import dev.bulwark.policy.Severity;
import dev.bulwark.policy.Standard;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.Lifecycle;
import io.fabric8.kubernetes.api.model.LifecycleHandler;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.TCPSocketAction;
import java.util.List;

/**
 * A probe or lifecycle hook with a host makes the kubelet connect elsewhere on the node's behalf;
 * upstream added this check at v1.34, so older versions allow it.
 */
final class HostProbesAndHostLifecycle {

  static final PssCheck CHECK =
      new PssCheck(
          new CheckInfo(
              PssCheckIds.HOST_PROBES_AND_HOST_LIFECYCLE,
              Standard.PSS,
              Level.BASELINE,
              Severity.MEDIUM,
              "Probe or lifecycle host",
              "Remove the host field from httpGet/tcpSocket probes and lifecycle hooks.",
              null),
          List.of(since(34, HostProbesAndHostLifecycle::v1_34)));

  private HostProbesAndHostLifecycle() {}

  static void v1_34(PodView pod, CheckInfo check, FindingSink sink) {
    for (ContainerView c : pod.containers()) {
      probe(c, c.livenessProbe(), "livenessProbe", check, sink);
      probe(c, c.readinessProbe(), "readinessProbe", check, sink);
      probe(c, c.startupProbe(), "startupProbe", check, sink);
      Lifecycle lifecycle = c.lifecycle();
      if (lifecycle != null) {
        handler(c, lifecycle.getPostStart(), "lifecycle.postStart", check, sink);
        handler(c, lifecycle.getPreStop(), "lifecycle.preStop", check, sink);
      }
    }
  }

  private static void probe(
      ContainerView c, Probe probe, String field, CheckInfo check, FindingSink sink) {
    if (probe != null) {
      actions(c, probe.getHttpGet(), probe.getTcpSocket(), field, check, sink);
    }
  }

  private static void handler(
      ContainerView c, LifecycleHandler handler, String field, CheckInfo check, FindingSink sink) {
    if (handler != null) {
      actions(c, handler.getHttpGet(), handler.getTcpSocket(), field, check, sink);
    }
  }

  private static void actions(
      ContainerView c,
      HTTPGetAction httpGet,
      TCPSocketAction tcpSocket,
      String field,
      CheckInfo check,
      FindingSink sink) {
    if (httpGet != null) {
      host(c, httpGet.getHost(), field + ".httpGet.host", check, sink);
    }
    if (tcpSocket != null) {
      host(c, tcpSocket.getHost(), field + ".tcpSocket.host", check, sink);
    }
  }

  private static void host(
      ContainerView c, String host, String field, CheckInfo check, FindingSink sink) {
    if (host != null && !host.isEmpty()) {
      sink.add(
          check.finding(
              Messages.reason(
                  "probe or lifecycle host",
                  c.describe() + " uses probe or lifecycle host " + Messages.quote(host)),
              c,
              field));
    }
  }
}
