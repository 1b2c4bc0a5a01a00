package dev.bulwark.seal;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sealing keys in the operator namespace, read from an informer cache so that an unseal costs
 * no API call; parsed keys are memoised per Secret version. A key Secret that cannot be parsed or
 * is unsound ({@link SealingKeySoundness}) is refused: left out of the ring, with one log line and
 * one Warning Event per Secret version and reason, naming the Secret, never its content.
 */
public final class SealingKeyStore implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SealingKeyStore.class);
  static final String NAME_PREFIX = "bulwark-sealing-key-";

  private final KubernetesClient client;
  private final String namespace;
  private final Map<String, ParsedKey> parsed = new ConcurrentHashMap<>();
  private final Set<String> reportedRefusals = ConcurrentHashMap.newKeySet();
  private final SealingKeyEvents events;
  private final Clock clock;

  /**
   * Set by {@link #start()} and cleared by {@link #close()} under the lock; read without it by the
   * reconciler threads, hence volatile.
   */
  private volatile SharedIndexInformer<Secret> informer;

  /**
   * Keys in {@code namespace}, refusals reported through {@code events}, judged at {@code clock}.
   */
  public SealingKeyStore(
      KubernetesClient client, String namespace, SealingKeyEvents events, Clock clock) {
    this.client = client;
    this.namespace = namespace;
    this.events = events;
    this.clock = clock;
  }

  /**
   * Keys in {@code namespace}, with Events recorded through {@code client}, at the system clock.
   */
  public SealingKeyStore(KubernetesClient client, String namespace) {
    this(client, namespace, new SealingKeyEvents(client, Clock.systemUTC()), Clock.systemUTC());
  }

  /** Starts watching the namespace's Secrets and waits until the cache is filled. */
  public synchronized void start() {
    if (informer == null) {
      informer = client.secrets().inNamespace(namespace).inform();
    }
  }

  public String namespace() {
    return namespace;
  }

  /** Whether the Secret cache is started and has listed the namespace once. */
  public boolean synced() {
    SharedIndexInformer<Secret> current = informer;
    return current != null && current.hasSynced();
  }

  /** How many Secrets of the namespace the cache holds now (0 before start). */
  public int cachedSecrets() {
    SharedIndexInformer<Secret> current = informer;
    return current == null ? 0 : current.getStore().list().size();
  }

  /** The active keys now: labelled active (Bulwark's or Bitnami's label), not compromised. */
  public SealingKeyRing ring() {
    List<SealingKey> keys = new ArrayList<>();
    for (Secret secret : started().getStore().list()) {
      if (SealingKeySecrets.isActive(secret)) {
        parse(secret).ifPresent(keys::add);
      }
    }
    return new SealingKeyRing(keys);
  }

  /** Stores a new key as an active key Secret and returns the Secret's name. */
  public String add(SealingKey key) {
    Secret secret = SealingKeySecrets.toSecret(key, namespace, null);
    secret.getMetadata().setGenerateName(NAME_PREFIX);
    Secret created = client.secrets().inNamespace(namespace).resource(secret).create();
    String name = created.getMetadata().getName();
    LOG.info("Stored new sealing key in Secret {}/{}", namespace, name);
    return name;
  }

  /** Waits until the cache holds the key Secret {@code name}, so that it unseals at once. */
  public void awaitCached(String name, Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    SharedIndexInformer<Secret> cache = started();
    while (cache.getStore().getByKey(namespace + "/" + name) == null) {
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException(
            "key Secret " + namespace + "/" + name + " not seen in " + timeout);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted waiting for key Secret " + name, e);
      }
    }
  }

  /** The Secret's key when it parses and is sound now; else empty, the refusal reported once. */
  private Optional<SealingKey> parse(Secret secret) {
    String uid = secret.getMetadata().getUid();
    String version = secret.getMetadata().getResourceVersion();
    ParsedKey cached = parsed.get(uid);
    if (cached == null || !cached.resourceVersion().equals(version)) {
      try {
        cached = new ParsedKey(version, SealingKeySecrets.fromSecret(secret), null);
      } catch (KeyFormatException e) {
        // The message names the Secret and field, never key material.
        cached = new ParsedKey(version, null, e.getMessage());
      }
      parsed.put(uid, cached);
    }
    String problem =
        cached.key() == null
            ? cached.formatError()
            : SealingKeySoundness.problem(cached.key(), clock.instant())
                .map(
                    why ->
                        "Secret " + namespace + "/" + secret.getMetadata().getName() + ": " + why)
                .orElse(null);
    if (problem == null) {
      return Optional.of(cached.key());
    }
    if (reportedRefusals.add(uid + "@" + version + ":" + problem.hashCode())) {
      LOG.warn("Refusing sealing key: {}", problem);
      events.refused(namespace, secret.getMetadata().getName(), uid, problem);
    }
    return Optional.empty();
  }

  private SharedIndexInformer<Secret> started() {
    SharedIndexInformer<Secret> current = informer;
    if (current == null) {
      throw new IllegalStateException(
          "the sealing key store of namespace " + namespace + " is not started (or closed)");
    }
    return current;
  }

  @Override
  public synchronized void close() {
    if (informer != null) {
      informer.close();
      informer = null;
    }
  }

  /** A Secret version parsed: its key, or why it does not parse. */
  private record ParsedKey(String resourceVersion, SealingKey key, String formatError) {}
}
