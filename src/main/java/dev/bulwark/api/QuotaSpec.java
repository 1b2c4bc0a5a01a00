package dev.bulwark.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.Map;
import java.util.TreeMap;

/** The hard limits of the ResourceQuota a baseline creates in each namespace. */
public class QuotaSpec {

  @JsonPropertyDescription(
      "Hard limits, as ResourceQuota.spec.hard takes them: requests.cpu, requests.memory,"
          + " requests.ephemeral-storage, limits.cpu, limits.memory, limits.ephemeral-storage,"
          + " pods, services, secrets, configmaps, persistentvolumeclaims, count/<resource>, ...")
  @Required
  public Map<String, Quantity> hard = new TreeMap<>();
}
