package dev.bulwark.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.Map;
import java.util.TreeMap;

/** Container defaults and bounds of the LimitRange a baseline creates in each namespace. */
public class LimitRangeSpec {

  @JsonPropertyDescription(
      "Requests given to containers that set none (cpu, memory, ephemeral-storage).")
  public Map<String, Quantity> defaultRequest = new TreeMap<>();

  @JsonProperty("default")
  @JsonPropertyDescription(
      "Limits given to containers that set none (cpu, memory, ephemeral-storage).")
  public Map<String, Quantity> defaultLimit = new TreeMap<>();

  @JsonPropertyDescription("Largest limit a container may set.")
  public Map<String, Quantity> max = new TreeMap<>();

  @JsonPropertyDescription("Smallest request a container may set.")
  public Map<String, Quantity> min = new TreeMap<>();
}
