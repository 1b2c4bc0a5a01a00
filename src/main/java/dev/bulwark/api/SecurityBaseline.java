package dev.bulwark.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** The security baseline a set of namespaces is held to; cluster-scoped because it spans them. */
@Group("bulwark.dev")
@Version("v1alpha1")
@ShortNames("sb")
@AdditionalPrinterColumn(
    name = "Mode",
    jsonPath = ".spec.mode",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Namespaces",
    jsonPath = ".status.namespaces.matched",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Compliant",
    jsonPath = ".status.namespaces.compliant",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class SecurityBaseline extends CustomResource<SecurityBaselineSpec, SecurityBaselineStatus> {

  public static final String API_VERSION = "bulwark.dev/v1alpha1";

  @Override
  @Required
  @JsonPropertyDescription(
      "What the governed namespaces are held to: Pod Security level, network, service accounts,"
          + " RBAC, resources, images, exceptions, and whether to enforce or only audit.")
  public SecurityBaselineSpec getSpec() {
    return super.getSpec();
  }

  @Override
  @JsonPropertyDescription(
      "What the operator last observed: conditions, namespace counts, violations, exceptions,"
          + " drift repairs.")
  public SecurityBaselineStatus getStatus() {
    return super.getStatus();
  }
}
