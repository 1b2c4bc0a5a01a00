package dev.bulwark.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A parameter object of a baseline's generated imageVulnerabilities ValidatingAdmissionPolicy: one
 * shard of the images that policy refuses (action Deny) or warns about (action Warn). Written only
 * by the operator; cluster-scoped, so no namespace owner can edit it.
 */
@Group(SealedSecret.GROUP)
@Version(SealedSecret.VERSION)
@AdditionalPrinterColumn(
    name = "Baseline",
    jsonPath = ".spec.baseline",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Action",
    jsonPath = ".spec.action",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class VulnerableImageSet extends CustomResource<VulnerableImageSetSpec, Void> {

  @Override
  @Required
  @JsonPropertyDescription("The baseline, the action and the images of this shard.")
  public VulnerableImageSetSpec getSpec() {
    return super.getSpec();
  }
}
