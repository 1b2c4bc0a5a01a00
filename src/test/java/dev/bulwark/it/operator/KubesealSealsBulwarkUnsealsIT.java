package dev.bulwark.it.operator;

import static dev.bulwark.testing.RunningSealedSecretsOperator.secret;
import static dev.bulwark.testing.RunningSealedSecretsOperator.synced;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bulwark.api.SealedSecret;
import dev.bulwark.testing.Kubeseal;
import dev.bulwark.testing.LocalCluster;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The real kubeseal seals with the certificate Bulwark publishes; Bulwark unseals in the real API
 * server, for every scope and value shape, into a Secret owned by the SealedSecret.
 */
@LocalCluster(controllerManager = true)
class KubesealSealsBulwarkUnsealsIT extends SealedSecretsTestBase {

  private static final int ONE_MIB = 1 << 20;

  private final Kubeseal kubeseal = Kubeseal.locate();
  private Path cert;

  @BeforeAll
  void writeTheCertificate(@TempDir Path tmp) throws Exception {
    cert = operator.certificateFile(client, tmp);
  }

  private static Map<String, byte[]> smallValues() {
    byte[] binary = new byte[256];
    new Random(7).nextBytes(binary);
    Map<String, byte[]> values = new LinkedHashMap<>();
    values.put("empty", new byte[0]);
    values.put("one-byte", new byte[] {'x'});
    values.put("binary", binary);
    values.put("unicode", "pässwörd ✓ 密码 🔐".getBytes(StandardCharsets.UTF_8));
    return values;
  }

  private static Map<String, byte[]> oneMebibyte() {
    byte[] big = new byte[ONE_MIB];
    new Random(11).nextBytes(big);
    return Map.of("one-mib", big);
  }

  @ParameterizedTest
  @ValueSource(strings = {"strict", "namespace-wide", "cluster-wide"})
  void smallBinaryAndUnicodeValuesUnseal(String scope) {
    assertKubesealedSecretUnseals(scope, "small-" + scope, smallValues());
  }

  @ParameterizedTest
  @ValueSource(strings = {"strict", "namespace-wide", "cluster-wide"})
  void oneMebibyteValueUnseals(String scope) {
    assertKubesealedSecretUnseals(scope, "big-" + scope, oneMebibyte());
  }

  private void assertKubesealedSecretUnseals(
      String scope, String name, Map<String, byte[]> values) {
    String namespace = cluster.createNamespace(Map.of());
    Map<String, String> data = new LinkedHashMap<>();
    values.forEach((k, v) -> data.put(k, Base64.getEncoder().encodeToString(v)));
    Secret input =
        new SecretBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace(namespace)
            .withLabels(Map.of("team", "payments"))
            .endMetadata()
            .withData(data)
            .build();

    String sealedYaml = kubeseal.seal(cert, scope, Serialization.asYaml(input));
    assertThat(sealedYaml).contains("apiVersion: bitnami.com/v1alpha1");
    SealedSecret sealed = Serialization.unmarshal(sealedYaml, SealedSecret.class);
    sealed.setApiVersion(SealedSecret.API_VERSION);
    client.resource(sealed).inNamespace(namespace).create();

    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> assertThat(synced(client, namespace, name)).isEqualTo("True/Unsealed"));
    Secret unsealed = secret(client, namespace, name);
    assertThat(unsealed.getData()).isEqualTo(data);
    assertThat(unsealed.getType()).isEqualTo("Opaque");
    assertThat(unsealed.getMetadata().getLabels()).containsEntry("team", "payments");
    assertThat(unsealed.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(
            ref -> {
              assertThat(ref.getKind()).isEqualTo("SealedSecret");
              assertThat(ref.getApiVersion()).isEqualTo(SealedSecret.API_VERSION);
              assertThat(ref.getController()).isTrue();
            });
  }
}
