package dev.bulwark.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Whether the Secret matches the SealedSecret, in the metav1.Condition shape kstatus reads. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SealedSecretStatus {

  @JsonPropertyDescription("The generation of the SealedSecret this status describes.")
  private Long observedGeneration;

  @JsonPropertyDescription(
      "Synced: True when the Secret holds what this generation unseals to; False with a reason"
          + " (DecryptionFailed, InvalidEncoding, SecretNotOwned, ...) otherwise.")
  private List<Condition> conditions = new ArrayList<>();

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SealedSecretStatus that
        && Objects.equals(observedGeneration, that.observedGeneration)
        && Objects.equals(conditions, that.conditions);
  }

  @Override
  public int hashCode() {
    return Objects.hash(observedGeneration, conditions);
  }
}
