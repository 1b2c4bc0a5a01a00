package dev.bulwark.seal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.api.SealedSecret;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UnsealedSecretsTest {

  private static SealedSecret owner() {
    SealedSecret owner = new SealedSecret();
    owner.getMetadata().setName("db");
    owner.getMetadata().setNamespace("team");
    owner.getMetadata().setUid("uid-1");
    return owner;
  }

  private static Secret desired() {
    return UnsealedSecrets.desired(
        owner(),
        new SecretBuilder()
            .withNewMetadata()
            .withName("db")
            .withNamespace("team")
            .withLabels(Map.of("app", "db"))
            .endMetadata()
            .withType("Opaque")
            .withData(new HashMap<>(Map.of("password", "cw==")))
            .build());
  }

  private static Secret existing() {
    Secret secret = new SecretBuilder(desired()).build();
    secret.getMetadata().setLabels(new HashMap<>(secret.getMetadata().getLabels()));
    secret.getMetadata().getLabels().put("added-by", "someone");
    secret.setData(new HashMap<>(secret.getData()));
    return secret;
  }

  @Test
  void matchingToleratesForeignLabelsButNotDataDrift() {
    assertThat(UnsealedSecrets.matches(existing(), desired(), owner())).isTrue();

    Secret changed = existing();
    changed.getData().put("password", "eA==");
    Secret injected = existing();
    injected.getData().put("extra", "eA==");
    Secret unlabelled = existing();
    unlabelled.getMetadata().getLabels().remove(UnsealedSecrets.LABEL);
    Secret retyped = existing();
    retyped.setType("kubernetes.io/tls");

    for (Secret drifted : new Secret[] {changed, injected, unlabelled, retyped}) {
      assertThat(UnsealedSecrets.matches(drifted, desired(), owner())).isFalse();
    }
    assertThat(UnsealedSecrets.extraDataKeys(injected, desired())).containsExactly("extra");
  }

  @Test
  void ownershipIsByUidAndTakeOverNeedsTheManagedAnnotation() {
    Secret foreign = existing();
    foreign.getMetadata().setOwnerReferences(null);
    assertThat(UnsealedSecrets.isOwnedBy(existing(), owner())).isTrue();
    assertThat(UnsealedSecrets.isOwnedBy(foreign, owner())).isFalse();
    assertThat(UnsealedSecrets.allowsTakeOver(foreign)).isFalse();

    foreign.getMetadata().setAnnotations(Map.of("sealedsecrets.bitnami.com/managed", "true"));
    foreign
        .getMetadata()
        .setOwnerReferences(
            java.util.List.of(
                new OwnerReferenceBuilder()
                    .withUid("bitnami-uid")
                    .withKind("SealedSecret")
                    .withController(true)
                    .build()));

    assertThat(UnsealedSecrets.allowsTakeOver(foreign)).isTrue();
    assertThat(UnsealedSecrets.foreignControllers(foreign, owner())).hasSize(1);
    assertThat(UnsealedSecrets.matches(foreign, desired(), owner())).isFalse();
  }

  @Test
  void typeChangeOrImmutableSecretIsRecreated() {
    Secret immutable = existing();
    immutable.setImmutable(true);
    Secret retyped = existing();
    retyped.setType("kubernetes.io/basic-auth");

    assertThat(UnsealedSecrets.needsRecreate(existing(), desired())).isFalse();
    assertThat(UnsealedSecrets.needsRecreate(immutable, desired())).isTrue();
    assertThat(UnsealedSecrets.needsRecreate(retyped, desired())).isTrue();
  }
}
