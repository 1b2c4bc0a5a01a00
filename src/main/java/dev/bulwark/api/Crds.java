package dev.bulwark.api;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** Bulwark's CRDs as generated into the jar, for installing them without a checkout. */
public final class Crds {

  /** Classpath locations the crd-generator writes to; absent ones are skipped. */
  private static final List<String> RESOURCES =
      List.of(
          "/META-INF/fabric8/securitybaselines.bulwark.dev-v1.yml",
          "/META-INF/fabric8/sealedsecrets.bulwark.dev-v1.yml",
          "/META-INF/fabric8/vulnerableimagesets.bulwark.dev-v1.yml");

  private Crds() {}

  /** Every Bulwark CRD packaged with this build. */
  public static List<CustomResourceDefinition> all() {
    List<CustomResourceDefinition> crds = new ArrayList<>();
    for (String resource : RESOURCES) {
      try (InputStream in = Crds.class.getResourceAsStream(resource)) {
        if (in != null) {
          crds.add(Serialization.unmarshal(in, CustomResourceDefinition.class));
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + resource, e);
      }
    }
    return crds;
  }

  /** Installs (server-side apply) every CRD and waits until the API server serves them. */
  public static void install(KubernetesClient client) {
    for (CustomResourceDefinition crd : all()) {
      client.resource(crd).fieldManager("bulwark").forceConflicts().serverSideApply();
      client
          .apiextensions()
          .v1()
          .customResourceDefinitions()
          .withName(crd.getMetadata().getName())
          .waitUntilCondition(
              c ->
                  c != null
                      && c.getStatus() != null
                      && c.getStatus().getConditions() != null
                      && c.getStatus().getConditions().stream()
                          .anyMatch(
                              cond ->
                                  "Established".equals(cond.getType())
                                      && "True".equals(cond.getStatus())),
              60,
              java.util.concurrent.TimeUnit.SECONDS);
    }
  }
}
