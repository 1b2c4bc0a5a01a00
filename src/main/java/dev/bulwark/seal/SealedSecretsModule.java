package dev.bulwark.seal;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import java.security.SecureRandom;
import java.time.Clock;

/**
 * The sealed-secrets part of the operator in one call: the key store, key renewal (which makes the
 * first key), certificate publishing and the unseal reconciler. Call before {@code
 * operator.start()}; close after {@code operator.stop()}.
 */
public final class SealedSecretsModule implements AutoCloseable {

  private final SealingKeyStore keys;
  private final KeyRenewal renewal;

  private SealedSecretsModule(SealingKeyStore keys, KeyRenewal renewal) {
    this.keys = keys;
    this.renewal = renewal;
  }

  /**
   * Loads the keys in {@code options.operatorNamespace()}, makes one if none is active, starts
   * renewal every {@code options.keyRenewPeriod()} and registers the reconciler on {@code
   * operator}. Renewal runs in this process: with several replicas, call it on the leader only.
   */
  public static SealedSecretsModule register(
      Operator operator, KubernetesClient client, SealedSecretsOptions options) {
    return register(operator, client, options, UnsealObserver.NONE);
  }

  /** As {@link #register(Operator, KubernetesClient, SealedSecretsOptions)}, observed. */
  public static SealedSecretsModule register(
      Operator operator,
      KubernetesClient client,
      SealedSecretsOptions options,
      UnsealObserver observer) {
    SealedSecretsModule module = registerWithoutRenewal(operator, client, options, observer);
    module.startRenewal();
    return module;
  }

  /**
   * As {@link #register} but without starting key renewal: with leader election, only the leader
   * may make keys, so it calls {@link #startRenewal()} when it takes the lease.
   */
  public static SealedSecretsModule registerWithoutRenewal(
      Operator operator, KubernetesClient client, SealedSecretsOptions options) {
    return registerWithoutRenewal(operator, client, options, UnsealObserver.NONE);
  }

  /** As {@link #registerWithoutRenewal(Operator, KubernetesClient, SealedSecretsOptions)}. */
  public static SealedSecretsModule registerWithoutRenewal(
      Operator operator,
      KubernetesClient client,
      SealedSecretsOptions options,
      UnsealObserver observer) {
    Clock clock = Clock.systemUTC();
    SealingKeyEvents events = new SealingKeyEvents(client, clock);
    SealingKeyStore keys = new SealingKeyStore(client, options.operatorNamespace(), events, clock);
    keys.start();
    KeyRenewal renewal =
        new KeyRenewal(
            keys,
            new SealingCertificatePublisher(client, options.operatorNamespace()),
            new SealingKeyGenerator(options.keyBits(), clock, new SecureRandom()),
            options.keyRenewPeriod(),
            clock,
            events);
    operator.register(
        new SealedSecretReconciler(
            keys, options.retryFailedAfter(), options.safetyNet(), clock, observer));
    return new SealedSecretsModule(keys, renewal);
  }

  /** Makes the first key if there is none and renews it on schedule from now on. */
  public void startRenewal() {
    renewal.start();
  }

  /**
   * As {@link #startRenewal()} but returns at once: the first check runs on the renewal thread and
   * is retried with backoff until it succeeds, for callers that must not block or fail (the leader
   * election callback).
   */
  public void startRenewalInBackground() {
    renewal.startInBackground();
  }

  /** Renewal on demand: makes a new sealing key now and returns its Secret's name. */
  public String renewKeyNow() {
    return renewal.renewNow();
  }

  public SealingKeyStore keys() {
    return keys;
  }

  @Override
  public void close() {
    renewal.close();
    keys.close();
  }
}
