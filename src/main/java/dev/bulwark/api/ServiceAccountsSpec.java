package dev.bulwark.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;

/** ServiceAccount token automounting for a baseline's namespaces. */
public class ServiceAccountsSpec {

  @JsonPropertyDescription(
      "Value of automountServiceAccountToken set on the default ServiceAccount (and on every"
          + " ServiceAccount when allServiceAccounts is true). Only that field is changed.")
  @Default("false")
  public boolean automountToken;

  @JsonPropertyDescription("Apply automountToken to every ServiceAccount, not just default.")
  @Default("false")
  public boolean allServiceAccounts;
}
