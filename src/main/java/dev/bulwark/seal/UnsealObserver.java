package dev.bulwark.seal;

import dev.bulwark.api.SealedSecret;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;

/**
 * Told what the SealedSecret reconciler does, for metrics; calls must return at once and never
 * throw. Nothing passed names a value.
 */
public interface UnsealObserver {

  /** Observes nothing. */
  UnsealObserver NONE =
      new UnsealObserver() {
        @Override
        public void watchingSealedSecrets(IndexerResourceCache<SealedSecret> sealedSecrets) {}

        @Override
        public void opened(ResourceID sealedSecret, SealingKey oldestKey) {}

        @Override
        public void notOpened(ResourceID sealedSecret) {}

        @Override
        public void result(String reason, boolean synced) {}
      };

  /** The reconciler's cache of SealedSecrets, once it is made. */
  void watchingSealedSecrets(IndexerResourceCache<SealedSecret> sealedSecrets);

  /** Every value of {@code sealedSecret} opened; {@code oldestKey} is the oldest key that did. */
  void opened(ResourceID sealedSecret, SealingKey oldestKey);

  /** {@code sealedSecret} could not be opened (or had nothing to open). */
  void notOpened(ResourceID sealedSecret);

  /**
   * A reconcile wrote the Secret or failed, with the Synced condition's {@code reason}
   * (SealedSecretConditions); reconciles that found the Secret up to date are not reported.
   */
  void result(String reason, boolean synced);
}
