package dev.bulwark.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A Secret encrypted for Git, in Bitnami Sealed Secrets' schema and ciphertext format; the operator
 * unseals it into a Secret of the same name that it owns.
 */
@Group(SealedSecret.GROUP)
@Version(SealedSecret.VERSION)
@AdditionalPrinterColumn(
    name = "Synced",
    jsonPath = ".status.conditions[?(@.type==\"Synced\")].status",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Reason",
    jsonPath = ".status.conditions[?(@.type==\"Synced\")].reason",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class SealedSecret extends CustomResource<SealedSecretSpec, SealedSecretStatus>
    implements Namespaced {

  public static final String GROUP = "bulwark.dev";
  public static final String VERSION = "v1alpha1";
  public static final String API_VERSION = GROUP + "/" + VERSION;

  /** Bitnami's apiVersion for the same kind and schema, read by {@code bulwark unseal}. */
  public static final String BITNAMI_API_VERSION = "bitnami.com/v1alpha1";

  @Override
  @Required
  @JsonPropertyDescription(
      "The encrypted items and the template of the Secret to produce, as Bitnami Sealed Secrets"
          + " writes them.")
  public SealedSecretSpec getSpec() {
    return super.getSpec();
  }
}
