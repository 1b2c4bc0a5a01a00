package dev.bulwark.seal;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.math.BigInteger;
import java.net.HttpURLConnection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The key Secrets of an operator namespace as backup and restore see them, read and written with a
 * client straight from the API server (no cache): {@code get}/{@code list} Secrets for a backup,
 * {@code list}/{@code create} for a restore. Private keys stay in memory.
 */
public final class ClusterSealingKeys {

  /** On a restored key Secret: the name the key had in the backup. */
  public static final String RESTORED_FROM_ANNOTATION = "bulwark.dev/restored-from";

  private final KubernetesClient client;
  private final String namespace;

  public ClusterSealingKeys(KubernetesClient client, String namespace) {
    this.client = client;
    this.namespace = namespace;
  }

  public String namespace() {
    return namespace;
  }

  /** Whether the namespace exists. */
  public boolean namespaceExists() {
    return client.namespaces().withName(namespace).get() != null;
  }

  /**
   * Every Secret labelled as a sealing key, by Bulwark ({@value SealingKeySecrets#LABEL}) or by
   * Bitnami ({@value SealingKeySecrets#BITNAMI_LABEL}), whatever the label's value, by name.
   */
  public List<Secret> keySecrets() {
    Map<String, Secret> byName = new LinkedHashMap<>();
    for (String label : List.of(SealingKeySecrets.LABEL, SealingKeySecrets.BITNAMI_LABEL)) {
      for (Secret secret :
          client.secrets().inNamespace(namespace).withLabel(label).list().getItems()) {
        byName.putIfAbsent(secret.getMetadata().getName(), secret);
      }
    }
    return List.copyOf(byName.values());
  }

  /**
   * What a backup holds: every active key (old ones included: they still open what was sealed with
   * them), newest first, each key once.
   *
   * @throws KeyFormatException naming the Secret when an active key Secret does not parse or may
   *     not be trusted: a backup that silently lacked a key would fail when it is needed
   */
  public BackupSelection forBackup(Instant now) throws KeyFormatException {
    List<BackedUpKey> keys = new ArrayList<>();
    List<String> leftOut = new ArrayList<>();
    Map<BigInteger, String> seen = new HashMap<>();
    for (Secret secret : keySecrets()) {
      String name = secret.getMetadata().getName();
      if (!SealingKeySecrets.isActive(secret)) {
        leftOut.add("Secret " + name + ": not labelled active (compromised or retired)");
        continue;
      }
      SealingKey key = SealingKeySecrets.fromSecret(secret);
      Optional<String> problem = SealingKeySoundness.problem(key, now);
      if (key.certificate().isEmpty()) {
        problem = Optional.of("it has no certificate");
      }
      if (problem.isPresent()) {
        throw new KeyFormatException(
            "Secret "
                + namespace
                + "/"
                + name
                + ": "
                + problem.get()
                + "; fix it, or label it compromised to leave it out of the backup");
      }
      String earlier = seen.putIfAbsent(key.privateKey().getModulus(), name);
      if (earlier != null) {
        leftOut.add("Secret " + name + ": the same key as Secret " + earlier);
        continue;
      }
      keys.add(BackedUpKey.active(name, key));
    }
    keys.sort(
        Comparator.comparing((BackedUpKey k) -> k.key().notBefore())
            .reversed()
            .thenComparing(BackedUpKey::name));
    return new BackupSelection(List.copyOf(keys), List.copyOf(leftOut));
  }

  /**
   * Stores each key {@code plan} restores as a new active key Secret: under the name it had when
   * that name is free, else under a generated {@code bulwark-sealing-key-*} name. Never updates or
   * deletes a Secret.
   *
   * @return the restored keys and the Secrets now holding them, in the plan's order
   */
  public List<Restored> restore(KeyRestorePlan plan) {
    List<Restored> restored = new ArrayList<>();
    for (BackedUpKey entry : plan.restore()) {
      Secret secret = SealingKeySecrets.toSecret(entry.key(), namespace, null);
      secret.getMetadata().setAnnotations(Map.of(RESTORED_FROM_ANNOTATION, entry.name()));
      Secret created = null;
      if (isSecretName(entry.name())) {
        secret.getMetadata().setName(entry.name());
        try {
          created = client.secrets().inNamespace(namespace).resource(secret).create();
        } catch (KubernetesClientException e) {
          if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
            throw e;
          }
          // The name holds another key (a newer one, perhaps): leave it, use a new name.
          secret.getMetadata().setName(null);
        }
      }
      if (created == null) {
        secret.getMetadata().setGenerateName(SealingKeyStore.NAME_PREFIX);
        created = client.secrets().inNamespace(namespace).resource(secret).create();
      }
      restored.add(new Restored(entry, created.getMetadata().getName()));
    }
    return restored;
  }

  /**
   * Whether {@code name} may name a Secret: a DNS-1123 subdomain (at most 253 characters, dot
   * separated labels of lower-case letters, digits and inner hyphens). Checked by hand: the regular
   * expression for it nests quantifiers.
   */
  static boolean isSecretName(String name) {
    if (name.isEmpty() || name.length() > 253) {
      return false;
    }
    for (String label : name.split("\\.", -1)) {
      if (label.isEmpty() || label.startsWith("-") || label.endsWith("-")) {
        return false;
      }
      for (int i = 0; i < label.length(); i++) {
        char c = label.charAt(i);
        if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-')) {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * The keys a backup holds and the key Secrets it leaves out.
   *
   * @param keys active keys, newest first
   * @param leftOut one line per Secret left out: its name and why
   */
  public record BackupSelection(List<BackedUpKey> keys, List<String> leftOut) {}

  /** A key restored, and the Secret that now holds it. */
  public record Restored(BackedUpKey key, String secretName) {}
}
