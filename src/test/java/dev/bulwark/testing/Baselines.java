package dev.bulwark.testing;

import dev.bulwark.api.SecurityBaseline;
import io.fabric8.kubernetes.client.utils.Serialization;

/** Builds SecurityBaselines for tests from YAML, as users write them. */
public final class Baselines {

  private Baselines() {}

  /** A baseline named {@code name} whose spec is {@code specYaml} (indented under spec:). */
  public static SecurityBaseline fromYaml(String name, String specYaml) {
    String yaml =
        "apiVersion: bulwark.dev/v1alpha1\nkind: SecurityBaseline\nmetadata:\n  name: "
            + name
            + "\nspec:\n"
            + specYaml.stripIndent().indent(2);
    return Serialization.unmarshal(yaml, SecurityBaseline.class);
  }
}
