package dev.bulwark.policy.pss;

import static dev.bulwark.policy.pss.PssCheck.Revision.since;

import dev.bulwark.policy.CheckInfo;
import dev.bulwark.policy.FindingSink;
import dev.bulwark.policy.Level;
import dev.bulwark.policy.PodView;
import dev.bulwark.policy.Severity;
import dev.bulwark.policy.Standard;
import dev.bulwark.text.BoundedText;
import io.fabric8.kubernetes.api.model.Sysctl;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Only namespaced, isolated ("safe") sysctls are allowed; the safe set grew at v1.27, v1.29, v1.32
 * and v1.37.
 */
final class Sysctls {

  private static final Set<String> SAFE_V1_0 =
      Set.of(
          "kernel.shm_rmid_forced",
          "net.ipv4.ip_local_port_range",
          "net.ipv4.tcp_syncookies",
          "net.ipv4.ping_group_range",
          "net.ipv4.ip_unprivileged_port_start");
  private static final Set<String> SAFE_V1_27 =
      union(SAFE_V1_0, "net.ipv4.ip_local_reserved_ports");
  private static final Set<String> SAFE_V1_29 =
      union(
          SAFE_V1_27,
          "net.ipv4.tcp_keepalive_time",
          "net.ipv4.tcp_fin_timeout",
          "net.ipv4.tcp_keepalive_intvl",
          "net.ipv4.tcp_keepalive_probes");
  private static final Set<String> SAFE_V1_32 =
      union(SAFE_V1_29, "net.ipv4.tcp_rmem", "net.ipv4.tcp_wmem");
  private static final Set<String> SAFE_V1_37 =
      union(SAFE_V1_32, "net.ipv4.tcp_slow_start_after_idle", "net.ipv4.tcp_notsent_lowat");

  static final PssCheck CHECK =
      new PssCheck(
          new CheckInfo(
              PssCheckIds.SYSCTLS,
              Standard.PSS,
              Level.BASELINE,
              Severity.MEDIUM,
              "Forbidden sysctls",
              "Set only safe, namespaced sysctls in securityContext.sysctls.",
              null),
          List.of(
              since(0, rule(SAFE_V1_0)),
              since(27, rule(SAFE_V1_27)),
              since(29, rule(SAFE_V1_29)),
              since(32, rule(SAFE_V1_32)),
              since(37, rule(SAFE_V1_37))));

  private Sysctls() {}

  private static Set<String> union(Set<String> base, String... more) {
    Set<String> all = new HashSet<>(base);
    all.addAll(List.of(more));
    return Set.copyOf(all);
  }

  private static dev.bulwark.policy.PodRule rule(Set<String> safe) {
    return (pod, check, sink) -> evaluate(pod, check, sink, safe);
  }

  private static void evaluate(PodView pod, CheckInfo check, FindingSink sink, Set<String> safe) {
    if (pod.podSecurityContext() == null) {
      return;
    }
    List<Sysctl> sysctls = pod.podSecurityContext().getSysctls();
    if (sysctls == null) {
      return;
    }
    for (int i = 0; i < sysctls.size(); i++) {
      String name = Messages.orEmpty(sysctls.get(i).getName());
      if (!safe.contains(name)) {
        sink.add(
            check.finding(
                Messages.reason("forbidden sysctls", BoundedText.value(name)),
                pod.specPath("securityContext.sysctls[" + i + "].name")));
      }
    }
  }
}
