package dev.bulwark.seal;

import dev.bulwark.api.SealedSecret;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** How a Secret produced from a SealedSecret is marked, owned and compared. */
final class UnsealedSecrets {

  /** Marks Secrets Bulwark unsealed, so that the operator watches those Secrets only. */
  static final String LABEL = "bulwark.dev/unsealed";

  /** Either annotation = "true" on an existing Secret lets Bulwark take it over. */
  static final List<String> MANAGED_ANNOTATIONS =
      List.of("bulwark.dev/managed", "sealedsecrets.bitnami.com/managed");

  private UnsealedSecrets() {}

  /** The unsealed Secret, labelled and owned by {@code owner} so that it is collected with it. */
  static Secret desired(SealedSecret owner, Secret unsealed) {
    Map<String, String> labels = new HashMap<>();
    if (unsealed.getMetadata().getLabels() != null) {
      labels.putAll(unsealed.getMetadata().getLabels());
    }
    labels.put(LABEL, "true");
    unsealed.getMetadata().setLabels(labels);
    unsealed.getMetadata().setOwnerReferences(List.of(ownerReference(owner)));
    return unsealed;
  }

  static OwnerReference ownerReference(SealedSecret owner) {
    return new OwnerReferenceBuilder()
        .withApiVersion(SealedSecret.API_VERSION)
        .withKind(owner.getKind() == null ? "SealedSecret" : owner.getKind())
        .withName(owner.getMetadata().getName())
        .withUid(owner.getMetadata().getUid())
        .withController(true)
        .build();
  }

  static boolean isOwnedBy(Secret secret, SealedSecret owner) {
    return refs(secret).stream()
        .anyMatch(ref -> Objects.equals(ref.getUid(), owner.getMetadata().getUid()));
  }

  static boolean allowsTakeOver(Secret secret) {
    Map<String, String> annotations = secret.getMetadata().getAnnotations();
    return annotations != null
        && MANAGED_ANNOTATIONS.stream().anyMatch(a -> "true".equals(annotations.get(a)));
  }

  /** Controller references to anything else, which must go before ours can be added. */
  static List<OwnerReference> foreignControllers(Secret secret, SealedSecret owner) {
    List<OwnerReference> foreign = new ArrayList<>();
    for (OwnerReference ref : refs(secret)) {
      if (Boolean.TRUE.equals(ref.getController())
          && !Objects.equals(ref.getUid(), owner.getMetadata().getUid())) {
        foreign.add(ref);
      }
    }
    return foreign;
  }

  /** Data keys the Secret holds that the SealedSecret does not: injected, so drift. */
  static List<String> extraDataKeys(Secret existing, Secret desired) {
    List<String> extra = new ArrayList<>(data(existing).keySet());
    extra.removeAll(data(desired).keySet());
    return extra;
  }

  /**
   * Whether {@code existing} already is what {@code desired} asks for: same type, immutability and
   * data, our labels, annotations and owner reference present, no other controller.
   */
  static boolean matches(Secret existing, Secret desired, SealedSecret owner) {
    return Objects.equals(type(existing), type(desired))
        && Boolean.TRUE.equals(existing.getImmutable())
            == Boolean.TRUE.equals(desired.getImmutable())
        && data(existing).equals(data(desired))
        && containsAll(existing.getMetadata().getLabels(), desired.getMetadata().getLabels())
        && containsAll(
            existing.getMetadata().getAnnotations(), desired.getMetadata().getAnnotations())
        && isOwnedBy(existing, owner)
        && foreignControllers(existing, owner).isEmpty();
  }

  /** A Secret's type and immutability cannot change in place. */
  static boolean needsRecreate(Secret existing, Secret desired) {
    return !Objects.equals(type(existing), type(desired))
        || Boolean.TRUE.equals(existing.getImmutable());
  }

  private static String type(Secret secret) {
    return secret.getType() == null || secret.getType().isEmpty()
        ? SecretUnsealer.DEFAULT_TYPE
        : secret.getType();
  }

  private static Map<String, String> data(Secret secret) {
    return secret.getData() == null ? Map.of() : secret.getData();
  }

  private static List<OwnerReference> refs(Secret secret) {
    List<OwnerReference> refs = secret.getMetadata().getOwnerReferences();
    return refs == null ? List.of() : refs;
  }

  private static boolean containsAll(Map<String, String> actual, Map<String, String> wanted) {
    if (wanted == null || wanted.isEmpty()) {
      return true;
    }
    return actual != null && actual.entrySet().containsAll(wanted.entrySet());
  }
}
