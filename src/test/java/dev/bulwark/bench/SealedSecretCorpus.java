package dev.bulwark.bench;

import dev.bulwark.api.SealedSecret;
import dev.bulwark.seal.KeyFormatException;
import dev.bulwark.seal.KeyPem;
import dev.bulwark.seal.SealInputException;
import dev.bulwark.seal.SealingCertificatePublisher;
import dev.bulwark.seal.SecretSealer;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.security.SecureRandom;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntFunction;

/**
 * The SealedSecrets of a scale run: reads the sealing certificate the operator publishes (ConfigMap
 * {@value SealingCertificatePublisher#CONFIG_MAP} in the operator namespace, as {@code bulwark
 * cert} does), seals {@code count} Secrets with Bulwark's own {@link SecretSealer} (as {@code
 * bulwark seal} does), creates the SealedSecrets from parallel clients and waits until the operator
 * has unsealed every one. It remembers each Secret's sealed {@code password} value so a drift
 * sample can tell the restored value from the edited one; values are random, never printed.
 */
final class SealedSecretCorpus {

  /** Name prefix of the SealedSecrets (and their Secrets); a number follows. */
  static final String PREFIX = "bench-sealed-";

  /** The data key whose value the drift samples edit. */
  static final String KEY = "password";

  private static final String UNSEALED_LABEL = "bulwark.dev/unsealed";

  private final KubernetesClient admin;
  private final String operatorNamespace;
  private final List<String[]> secrets = new ArrayList<>();
  private final Map<String, String> sealedValues = new ConcurrentHashMap<>();

  SealedSecretCorpus(KubernetesClient admin, String operatorNamespace) {
    this.admin = admin;
    this.operatorNamespace = operatorNamespace;
  }

  /** Timings of {@link #load} in seconds: sealing, creating, and until every Secret existed. */
  record Timings(double seal, double create, double unsealed) {}

  /**
   * Seals and creates {@code count} SealedSecrets, number {@code k} in namespace {@code
   * namespace.apply(k % namespaces)}, on {@code threads} threads, and waits (at most {@code
   * timeoutSeconds}) until the operator has made every Secret.
   *
   * @throws TimeoutException when the certificate is not published or the Secrets are not all there
   *     in time
   */
  Timings load(
      int count, int namespaces, IntFunction<String> namespace, int threads, int timeoutSeconds)
      throws Exception {
    RSAPublicKey key = certificateKey(timeoutSeconds);
    SecretSealer sealer = new SecretSealer(key);
    SecureRandom random = new SecureRandom();
    List<SealedSecret> sealed = new ArrayList<>();
    long t0 = System.nanoTime();
    for (int k = 0; k < count; k++) {
      String ns = namespace.apply(k % namespaces);
      String name = PREFIX + k;
      byte[] password = new byte[24];
      random.nextBytes(password);
      String encoded = Base64.getEncoder().encodeToString(password);
      Secret secret =
          new SecretBuilder()
              .withNewMetadata()
              .withName(name)
              .withNamespace(ns)
              .addToLabels("app", "bench")
              .endMetadata()
              .withType("Opaque")
              .addToData(KEY, encoded)
              .addToData("user", Base64.getEncoder().encodeToString(("user-" + k).getBytes()))
              .build();
      try {
        sealed.add(sealer.seal(secret, Optional.empty()));
      } catch (SealInputException e) {
        throw new IllegalStateException("sealing " + ns + "/" + name + ": " + e.getMessage(), e);
      }
      secrets.add(new String[] {ns, name});
      sealedValues.put(ns + "/" + name, encoded);
    }
    long t1 = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (SealedSecret s : sealed) {
        done.add(pool.submit(() -> admin.resource(s).create()));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
    long t2 = System.nanoTime();
    long deadline = t2 + TimeUnit.SECONDS.toNanos(timeoutSeconds);
    int unsealed = 0;
    while (true) {
      unsealed =
          (int)
              admin
                  .secrets()
                  .inAnyNamespace()
                  .withLabel(UNSEALED_LABEL, "true")
                  .list()
                  .getItems()
                  .stream()
                  .filter(s -> s.getMetadata().getName().startsWith(PREFIX))
                  .count();
      if (unsealed >= count) {
        break;
      }
      if (System.nanoTime() > deadline) {
        throw new TimeoutException(
            unsealed + " of " + count + " SealedSecrets unsealed after " + timeoutSeconds + " s");
      }
      Thread.sleep(250);
    }
    long t3 = System.nanoTime();
    return new Timings((t1 - t0) / 1e9, (t2 - t1) / 1e9, (t3 - t1) / 1e9);
  }

  /** How many SealedSecrets {@link #load} made. */
  int size() {
    return secrets.size();
  }

  /** Namespace and name of SealedSecret (and Secret) number {@code k}. */
  String[] secret(int k) {
    return secrets.get(k);
  }

  /** True when {@code secret} holds the value that was sealed for it (the operator's). */
  boolean holdsSealedValue(Secret secret) {
    if (secret == null || secret.getData() == null) {
      return false;
    }
    String expected =
        sealedValues.get(
            secret.getMetadata().getNamespace() + "/" + secret.getMetadata().getName());
    return expected != null && expected.equals(secret.getData().get(KEY));
  }

  private RSAPublicKey certificateKey(int timeoutSeconds) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
    while (true) {
      String pem = new SealingCertificatePublisher(admin, operatorNamespace).read().orElse(null);
      if (pem != null) {
        try {
          return (RSAPublicKey)
              KeyPem.readCertificate(
                      pem,
                      "ConfigMap "
                          + operatorNamespace
                          + "/"
                          + SealingCertificatePublisher.CONFIG_MAP)
                  .getPublicKey();
        } catch (KeyFormatException e) {
          throw new IllegalStateException(e.getMessage(), e);
        }
      }
      if (System.nanoTime() > deadline) {
        throw new TimeoutException(
            "no sealing certificate in ConfigMap "
                + operatorNamespace
                + "/"
                + SealingCertificatePublisher.CONFIG_MAP);
      }
      Thread.sleep(250);
    }
  }
}
