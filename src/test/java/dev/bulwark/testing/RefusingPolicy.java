package dev.bulwark.testing;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * A ValidatingAdmissionPolicy and its binding that make the real API server refuse some writes, as
 * another policy engine or a cluster admin's policy would; {@link #close()} lifts the refusal.
 */
public final class RefusingPolicy implements AutoCloseable {

  private final KubernetesClient client;
  private final HasMetadata policy;
  private final HasMetadata binding;

  private RefusingPolicy(KubernetesClient client, HasMetadata policy, HasMetadata binding) {
    this.client = client;
    this.policy = policy;
    this.binding = binding;
  }

  /**
   * Refuses {@code operations} (e.g. {@code [CREATE, UPDATE]}) on {@code resource} of API group
   * {@code group} ("" for core) whenever the CEL {@code allowed} expression is false, with {@code
   * message}; waits until {@code inForce} says a probe write is refused.
   */
  public static RefusingPolicy create(
      KubernetesClient client,
      String name,
      String group,
      String resource,
      String operations,
      String allowed,
      String message,
      BooleanSupplier inForce) {
    HasMetadata policy =
        client
            .resource(
                (HasMetadata)
                    Serialization.unmarshal(
                        """
                        apiVersion: admissionregistration.k8s.io/v1
                        kind: ValidatingAdmissionPolicy
                        metadata: {name: %s}
                        spec:
                          failurePolicy: Fail
                          matchConstraints:
                            resourceRules:
                            - apiGroups: ["%s"]
                              apiVersions: [v1]
                              operations: %s
                              resources: [%s]
                          validations:
                          - expression: %s
                            message: %s
                        """
                            .formatted(
                                name,
                                group,
                                operations,
                                resource,
                                Serialization.asJson(allowed),
                                Serialization.asJson(message))))
            .create();
    HasMetadata binding =
        client
            .resource(
                (HasMetadata)
                    Serialization.unmarshal(
                        """
                        apiVersion: admissionregistration.k8s.io/v1
                        kind: ValidatingAdmissionPolicyBinding
                        metadata: {name: %s}
                        spec:
                          policyName: %s
                          validationActions: [Deny]
                        """
                            .formatted(name, name)))
            .create();
    RefusingPolicy refusing = new RefusingPolicy(client, policy, binding);
    await().atMost(Duration.ofSeconds(60)).until(inForce::getAsBoolean);
    return refusing;
  }

  @Override
  public void close() {
    client.resource(binding).delete();
    client.resource(policy).delete();
  }
}
