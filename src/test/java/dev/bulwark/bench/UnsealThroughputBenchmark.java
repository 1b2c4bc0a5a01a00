package dev.bulwark.bench;

import dev.bulwark.api.SealedSecret;
import dev.bulwark.seal.SealingKey;
import dev.bulwark.seal.SealingKeyGenerator;
import dev.bulwark.seal.SealingKeyRing;
import dev.bulwark.seal.SealingKeySecrets;
import dev.bulwark.seal.SealingScope;
import dev.bulwark.seal.SecretSealer;
import dev.bulwark.seal.SecretUnsealer;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;

/**
 * P7: single-thread unseal throughput (values/s on one core, RSA-4096) against raw JCA RSA-OAEP
 * decryption of the same session keys, in one run, interleaved rounds. Prints figures; asserts
 * nothing. Run with bench/p7.sh.
 */
public final class UnsealThroughputBenchmark {

  private static final int ITEMS_PER_SECRET = 10;

  public static void main(String[] args) throws Exception {
    int secrets = args.length > 0 ? Integer.parseInt(args[0]) : 40;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    int values = secrets * ITEMS_PER_SECRET;

    // The key as the operator holds it: generated, stored as a Secret, parsed back from PEM.
    SealingKey generated = new SealingKeyGenerator().generate("bench");
    SealingKey key =
        SealingKeySecrets.fromSecret(SealingKeySecrets.toSecret(generated, "bench", "bench-key"));
    SecretUnsealer unsealer = new SecretUnsealer(new SealingKeyRing(List.of(key)));
    SecretSealer sealer =
        new SecretSealer((RSAPublicKey) key.certificate().orElseThrow().getPublicKey());

    List<SealedSecret> sealedSecrets = new ArrayList<>();
    List<byte[]> wrappedKeys = new ArrayList<>();
    List<byte[]> labels = new ArrayList<>();
    for (int s = 0; s < secrets; s++) {
      Map<String, String> data = new LinkedHashMap<>();
      for (int i = 0; i < ITEMS_PER_SECRET; i++) {
        data.put("item-" + i, "value-" + s + "-" + i + "-" + "x".repeat(40));
      }
      SealedSecret sealed =
          sealer.seal(
              new SecretBuilder()
                  .withNewMetadata()
                  .withName("bench-" + s)
                  .withNamespace("bench")
                  .endMetadata()
                  .withStringData(data)
                  .build(),
              Optional.empty());
      sealedSecrets.add(sealed);
      byte[] label = SealingScope.STRICT.label("bench", "bench-" + s);
      for (String value : sealed.getSpec().getEncryptedData().values()) {
        byte[] bytes = Base64.getDecoder().decode(value);
        int length = ((bytes[0] & 0xff) << 8) | (bytes[1] & 0xff);
        wrappedKeys.add(Arrays.copyOfRange(bytes, 2, 2 + length));
        labels.add(label);
      }
    }

    System.out.printf(
        "P7: %d SealedSecrets x %d items = %d values, RSA-%d, 1 thread, %d rounds (+1 warm-up)%n",
        secrets, ITEMS_PER_SECRET, values, key.privateKey().getModulus().bitLength(), rounds);
    long unsealNanos = 0;
    long rawNanos = 0;
    for (int round = 0; round <= rounds; round++) {
      long unseal = timeUnseal(unsealer, sealedSecrets);
      long raw = timeRaw(key, wrappedKeys, labels);
      if (round > 0) {
        unsealNanos += unseal;
        rawNanos += raw;
      }
      System.out.printf(
          "  round %d%s: unseal %.1f values/s, raw RSA-OAEP %.1f decryptions/s%n",
          round, round == 0 ? " (warm-up)" : "", perSecond(values, unseal), perSecond(values, raw));
    }
    double unsealRate = perSecond((long) values * rounds, unsealNanos);
    double rawRate = perSecond((long) values * rounds, rawNanos);
    System.out.printf("P7 unseal:         %.1f values/s per core%n", unsealRate);
    System.out.printf("P7 raw RSA-OAEP:   %.1f decryptions/s per core%n", rawRate);
    System.out.printf(
        "P7 ratio:          %.1f%% of raw (goal >= 90%%)%n", 100.0 * unsealRate / rawRate);
  }

  private static long timeUnseal(SecretUnsealer unsealer, List<SealedSecret> sealedSecrets)
      throws Exception {
    long checksum = 0;
    long start = System.nanoTime();
    for (SealedSecret sealed : sealedSecrets) {
      checksum += unsealer.unseal(sealed).getData().size();
    }
    long elapsed = System.nanoTime() - start;
    if (checksum != (long) sealedSecrets.size() * ITEMS_PER_SECRET) {
      throw new IllegalStateException("unsealed " + checksum + " values");
    }
    return elapsed;
  }

  private static long timeRaw(SealingKey key, List<byte[]> wrappedKeys, List<byte[]> labels)
      throws Exception {
    long checksum = 0;
    long start = System.nanoTime();
    for (int i = 0; i < wrappedKeys.size(); i++) {
      Cipher rsa = Cipher.getInstance("RSA/ECB/OAEPPadding");
      rsa.init(
          Cipher.DECRYPT_MODE,
          key.privateKey(),
          new OAEPParameterSpec(
              "SHA-256", "MGF1", MGF1ParameterSpec.SHA256, new PSource.PSpecified(labels.get(i))));
      checksum += rsa.doFinal(wrappedKeys.get(i)).length;
    }
    long elapsed = System.nanoTime() - start;
    if (checksum != 32L * wrappedKeys.size()) {
      throw new IllegalStateException("raw decryption returned " + checksum + " bytes");
    }
    return elapsed;
  }

  private static double perSecond(long count, long nanos) {
    return count / (nanos / 1e9);
  }
}
