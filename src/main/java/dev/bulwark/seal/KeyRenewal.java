package dev.bulwark.seal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a fresh sealing key: makes the first one, a new one every renew period (old ones stay
 * active so that everything sealed before still unseals), and one on demand (API call, or the
 * {@value SealingCertificatePublisher#RENEW_ANNOTATION} annotation on the certificate ConfigMap);
 * then publishes the newest certificate. Run it on the leader only: two replicas would both renew.
 * Whenever the key that seals changes (a new key, an imported one, the first one this process
 * sees), a Normal Event {@value SealingKeyEvents#REASON_ADOPTED} on its Secret and a log line say
 * so.
 */
public final class KeyRenewal implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(KeyRenewal.class);

  /** How often the schedule checks whether a renewal is due; the check reads only a cache. */
  static final Duration CHECK_INTERVAL = Duration.ofMinutes(1);

  /** The first retry delay of a failed check at takeover. */
  static final Duration FIRST_RETRY = Duration.ofSeconds(1);

  private final SealingKeyStore store;
  private final SealingCertificatePublisher publisher;
  private final SealingKeyGenerator generator;
  private final Duration renewPeriod;
  private final Clock clock;
  private final SealingKeyEvents events;
  private String adoptedKeyId;
  private ScheduledExecutorService scheduler;

  public KeyRenewal(
      SealingKeyStore store,
      SealingCertificatePublisher publisher,
      SealingKeyGenerator generator,
      Duration renewPeriod,
      Clock clock,
      SealingKeyEvents events) {
    this.store = store;
    this.publisher = publisher;
    this.generator = generator;
    this.renewPeriod = renewPeriod;
    this.clock = clock;
    this.events = events;
  }

  /** Every minute, or more often when the renew period is short (tests, demos). */
  static Duration checkInterval(Duration renewPeriod) {
    if (renewPeriod.isZero()) {
      return CHECK_INTERVAL;
    }
    Duration quarter = renewPeriod.dividedBy(4);
    Duration atLeastOneSecond =
        quarter.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : quarter;
    return atLeastOneSecond.compareTo(CHECK_INTERVAL) < 0 ? atLeastOneSecond : CHECK_INTERVAL;
  }

  /** Whether a key ring whose newest certificate starts at {@code newest} needs a new key now. */
  static boolean isDue(Optional<Instant> newest, Duration renewPeriod, Instant now) {
    if (newest.isEmpty()) {
      return true;
    }
    return !renewPeriod.isZero() && !newest.get().plus(renewPeriod).isAfter(now);
  }

  /** Makes a key if none is active or the newest is due, and publishes the newest certificate. */
  public synchronized void renewIfDue() {
    SealingKeyRing ring = store.ring();
    Optional<Instant> newest =
        ring.keys().stream()
            .filter(k -> k.certificate().isPresent())
            .findFirst()
            .map(SealingKey::notBefore);
    if (publisher.renewalRequested()) {
      String name = renewNow();
      publisher.clearRenewalRequest();
      LOG.info(
          "Made sealing key {} on request ({} annotation)",
          name,
          SealingCertificatePublisher.RENEW_ANNOTATION);
    } else if (isDue(newest, renewPeriod, clock.instant())) {
      renewNow();
    } else {
      ring.sealingCertificate().ifPresent(publisher::publish);
      adopt(ring);
    }
  }

  /** Reports the key that seals now when it differs from the one reported last. */
  private void adopt(SealingKeyRing ring) {
    Optional<SealingKey> sealing = ring.sealingKey();
    if (sealing.isEmpty() || sealing.get().id().equals(adoptedKeyId)) {
      return;
    }
    SealingKey key = sealing.get();
    adoptedKeyId = key.id();
    String message =
        "New SealedSecrets are now sealed to the certificate of Secret "
            + key.id()
            + " (notBefore "
            + key.notBefore()
            + ")";
    LOG.info("Adopted sealing key: {}", message);
    int slash = key.id().indexOf('/');
    events.adopted(key.id().substring(0, slash), key.id().substring(slash + 1), null, message);
  }

  /** Makes and stores a new key at once and publishes its certificate; returns its Secret name. */
  public synchronized String renewNow() {
    SealingKey key = generator.generate("new");
    String name = store.add(key);
    store.awaitCached(name, Duration.ofSeconds(30));
    publisher.publish(key.certificate().orElseThrow());
    adopt(store.ring());
    return name;
  }

  /** Renews now if due, then checks again every minute. */
  public synchronized void start() {
    renewIfDue();
    schedule();
  }

  /**
   * Returns at once; the renewal thread makes the first check, retrying a failure after {@link
   * #FIRST_RETRY} doubled each time up to {@link #CHECK_INTERVAL}, then checks on schedule.
   */
  public synchronized void startInBackground() {
    schedule();
    scheduler.execute(() -> firstCheck(FIRST_RETRY));
  }

  private void firstCheck(Duration retry) {
    try {
      renewIfDue();
    } catch (RuntimeException e) {
      Duration next = retry.multipliedBy(2);
      LOG.warn("Sealing key check at takeover failed; retrying in {}: {}", retry, e.getMessage());
      ScheduledExecutorService current;
      synchronized (this) {
        current = scheduler;
      }
      if (current != null) {
        current.schedule(
            () -> firstCheck(next.compareTo(CHECK_INTERVAL) > 0 ? CHECK_INTERVAL : next),
            retry.toMillis(),
            TimeUnit.MILLISECONDS);
      }
    }
  }

  private synchronized void schedule() {
    if (scheduler == null) {
      scheduler =
          Executors.newSingleThreadScheduledExecutor(
              runnable -> {
                Thread thread = new Thread(runnable, "bulwark-key-renewal");
                thread.setDaemon(true);
                return thread;
              });
      long seconds = checkInterval(renewPeriod).toSeconds();
      scheduler.scheduleWithFixedDelay(this::checkQuietly, seconds, seconds, TimeUnit.SECONDS);
    }
  }

  private void checkQuietly() {
    try {
      renewIfDue();
    } catch (RuntimeException e) {
      LOG.warn(
          "Sealing key renewal check failed; retrying in {}: {}", CHECK_INTERVAL, e.getMessage());
    }
  }

  @Override
  public synchronized void close() {
    if (scheduler != null) {
      scheduler.shutdownNow();
      scheduler = null;
    }
  }
}
