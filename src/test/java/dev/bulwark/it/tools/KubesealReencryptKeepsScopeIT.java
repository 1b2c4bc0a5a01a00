package dev.bulwark.it.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.cli.Main;
import dev.bulwark.seal.KeyPem;
import dev.bulwark.seal.SealingKey;
import dev.bulwark.seal.SealingKeyGenerator;
import dev.bulwark.testing.Kubeseal;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * {@code kubeseal --re-encrypt} keeps the scope of what {@code bulwark seal} sealed. The Sealed
 * Secrets controller re-encrypts by unsealing into a Secret (metadata from {@code spec.template})
 * and sealing that Secret again with the scope its annotations declare; the same two steps are run
 * here with the real kubeseal, offline: {@code --recovery-unseal}, then a seal without {@code
 * --scope}.
 */
class KubesealReencryptKeepsScopeIT {

  private final Kubeseal kubeseal = Kubeseal.locate();

  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"cluster-wide", "namespace-wide"})
  void theScopeSurvivesAnUnsealAndSealByKubeseal(String scope) throws Exception {
    SealingKey key =
        new SealingKeyGenerator(2048, Clock.systemUTC(), new SecureRandom()).generate("k");
    Path cert =
        Files.writeString(dir.resolve("cert.pem"), KeyPem.write(key.certificate().orElseThrow()));
    Path privateKey = Files.writeString(dir.resolve("key.pem"), KeyPem.write(key.privateKey()));
    Path secret =
        Files.writeString(
            dir.resolve("secret.yaml"),
            "apiVersion: v1\nkind: Secret\nmetadata: {name: api, namespace: shop}\n"
                + "stringData: {token: t0k3n}\n");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit =
        new CommandLine(new Main())
            .setOut(new PrintWriter(out))
            .setErr(new PrintWriter(err))
            .execute(
                "seal",
                "-f",
                secret.toString(),
                "--cert",
                cert.toString(),
                "--scope",
                scope,
                "--api-version",
                "bitnami.com/v1alpha1");
    assertThat(exit).as(err.toString()).isZero();

    String unsealed = kubeseal.recoveryUnseal(privateKey, out.toString());
    String resealed = kubeseal.sealWithTheSecretsScope(cert, unsealed);

    @SuppressWarnings("unchecked")
    Map<String, Object> metadata =
        (Map<String, Object>) Serialization.unmarshal(resealed, Map.class).get("metadata");
    assertThat(metadata).containsKey("annotations");
    assertThat((Map<String, String>) metadata.get("annotations"))
        .containsEntry("sealedsecrets.bitnami.com/" + scope, "true");
  }
}
