package dev.bulwark.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import java.util.ArrayList;
import java.util.List;

/** Image hygiene rules for a baseline's workloads. */
public class ImagesSpec {

  @JsonPropertyDescription("Report images not pinned by digest (@sha256:...).")
  @Default("false")
  public boolean requireDigest;

  @JsonPropertyDescription(
      "Registries images may come from (e.g. registry.example.com, ghcr.io/acme). Empty: any.")
  public List<String> allowedRegistries = new ArrayList<>();
}
