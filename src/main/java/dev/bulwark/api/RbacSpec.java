package dev.bulwark.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.bulwark.rbac.RbacCheck;
import java.util.ArrayList;
import java.util.List;

/** Which dangerous RBAC patterns a baseline reports for its namespaces. */
public class RbacSpec {

  @JsonPropertyDescription(
      "Patterns reported for bindings that affect governed namespaces: ClusterAdminBinding,"
          + " WildcardRules, SecretsReadAll, EscalateBindImpersonate.")
  public List<RbacCheck> forbid = new ArrayList<>(List.of(RbacCheck.values()));
}
