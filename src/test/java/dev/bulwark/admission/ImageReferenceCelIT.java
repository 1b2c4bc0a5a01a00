package dev.bulwark.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bulwark.policy.hardening.ImageReference;
import dev.bulwark.policy.hardening.ImageReferenceGenerator;
import dev.bulwark.testing.LocalCluster;
import dev.bulwark.testing.TestCluster;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The admission CEL of image references ({@link ImageReferenceCel}), run by the real API server,
 * parses every generated reference ({@link ImageReferenceGenerator}, the set {@code
 * ImageReferenceDifferentialTest} checks against the Go parser) as {@link ImageReference#parse}
 * does: a policy refuses each dry-run Pod with a message listing what the CEL made of each
 * container's image, and that must equal the engine's parse. References the API server's own
 * validation refuses (empty, surrounded by blanks) never reach admission and are left out.
 */
@LocalCluster
class ImageReferenceCelIT {

  private static final int REFERENCES = Integer.getInteger("bulwark.image.cel.references", 3_000);
  private static final int PER_POD = 12;

  @Test
  void celParsesEveryGeneratedReferenceAsTheEngine(TestCluster cluster) {
    String id = UUID.randomUUID().toString().substring(0, 8);
    String namespace = cluster.createNamespace(Map.of("image-cel", id));
    String parsed =
        ImageReferenceCel.parsed()
            + ".map(r, size(r) == 3 ? r[0] + ' ' + r[1] + ' ' + r[2] : '-')[0]";
    String policy =
        """
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingAdmissionPolicy
        metadata: {name: image-cel-%s}
        spec:
          failurePolicy: Fail
          matchConstraints:
            resourceRules:
            - {apiGroups: [""], apiVersions: [v1], operations: [CREATE], resources: [pods]}
          validations:
          - expression: "false"
            messageExpression: %s
        """
            .formatted(
                id,
                Serialization.asJson(
                    "'<<' + object.spec.containers.map(c, " + parsed + ").join('|') + '>>'"));
    String binding =
        """
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingAdmissionPolicyBinding
        metadata: {name: image-cel-%s}
        spec:
          policyName: image-cel-%s
          validationActions: [Deny]
          matchResources:
            namespaceSelector: {matchLabels: {image-cel: "%s"}}
        """
            .formatted(id, id, id);
    List<String> references =
        new ImageReferenceGenerator(ImageReferenceGenerator.DEFAULT_SEED)
            .references(REFERENCES).stream()
                .filter(r -> !r.isEmpty() && r.strip().equals(r))
                .toList();
    try (KubernetesClient client = cluster.newClient()) {
      client.resource((HasMetadata) Serialization.unmarshal(policy)).create();
      client.resource((HasMetadata) Serialization.unmarshal(binding)).create();
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> celParse(client, namespace, List.of("nginx")) != null);

      List<String> differences = new ArrayList<>();
      for (int from = 0; from < references.size(); from += PER_POD) {
        List<String> batch = references.subList(from, Math.min(references.size(), from + PER_POD));
        List<String> cel = celParse(client, namespace, batch);
        assertThat(cel).as("CEL results for " + batch).hasSize(batch.size());
        for (int i = 0; i < batch.size(); i++) {
          String engine =
              ImageReference.parse(batch.get(i))
                  .map(
                      r ->
                          r.domain()
                              + " "
                              + r.path()
                              + " "
                              + (r.digest() == null ? "" : r.digest()))
                  .orElse("-");
          if (!engine.equals(cel.get(i))) {
            differences.add("\"" + batch.get(i) + "\": CEL " + cel.get(i) + ", engine " + engine);
          }
        }
      }
      System.out.printf(
          "image reference CEL parity: %d of %d references parsed alike by the API server's CEL"
              + " and the engine%n",
          references.size() - differences.size(), references.size());
      assertThat(differences).isEmpty();
    }
  }

  /** What the policy's CEL made of each image, in container order; null when not refused by it. */
  private static List<String> celParse(
      KubernetesClient client, String namespace, List<String> images) {
    PodBuilder pod =
        new PodBuilder()
            .withNewMetadata()
            .withGenerateName("image-")
            .endMetadata()
            .withNewSpec()
            .endSpec();
    for (int i = 0; i < images.size(); i++) {
      pod.editSpec()
          .addNewContainer()
          .withName("c" + i)
          .withImage(images.get(i))
          .endContainer()
          .endSpec();
    }
    Pod built = pod.build();
    try {
      client.pods().inNamespace(namespace).resource(built).dryRun().create();
      return null;
    } catch (KubernetesClientException e) {
      String message = e.getMessage();
      int start = message.indexOf("<<");
      int end = message.indexOf(">>", start + 2);
      if (start < 0 || end < start) {
        return null;
      }
      return List.of(message.substring(start + 2, end).split("\\|", -1));
    }
  }
}
