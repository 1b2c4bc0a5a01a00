package dev.bulwark.report;

import dev.bulwark.policy.CheckInfo;
import dev.bulwark.policy.hardening.HardeningChecks;
import dev.bulwark.policy.pss.PssChecks;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Every check Bulwark knows, by id, for formats that describe rules (SARIF). */
public final class RuleCatalog {

  private static final Map<String, CheckInfo> BY_ID = build();

  private RuleCatalog() {}

  private static Map<String, CheckInfo> build() {
    Map<String, CheckInfo> byId = new LinkedHashMap<>();
    for (CheckInfo info : PssChecks.infos()) {
      byId.put(info.id(), info);
    }
    for (CheckInfo info : HardeningChecks.infos()) {
      byId.put(info.id(), info);
    }
    return byId;
  }

  public static List<CheckInfo> all() {
    return new ArrayList<>(BY_ID.values());
  }

  /**
   * The workload check with {@code id}, or empty for an id that is not one (e.g. an RBAC check).
   */
  public static java.util.Optional<CheckInfo> byId(String id) {
    return java.util.Optional.ofNullable(BY_ID.get(id));
  }
}
