package dev.bulwark.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/** Which dangerous RBAC patterns a baseline reports for its namespaces. */
public class RbacSpec {

  @JsonPropertyDescription(
      "Patterns reported for bindings that affect governed namespaces: ClusterAdminBinding,"
          + " WildcardRules, SecretsReadAll, EscalateBindImpersonate.")
  public List<String> forbid =
      new ArrayList<>(
          List.of(
              "ClusterAdminBinding", "WildcardRules", "SecretsReadAll", "EscalateBindImpersonate"));
}
