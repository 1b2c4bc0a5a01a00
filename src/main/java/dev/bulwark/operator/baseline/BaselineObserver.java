package dev.bulwark.operator.baseline;

import dev.bulwark.api.SecurityBaseline;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import java.time.Instant;

/**
 * Told what the baseline reconciler sees and completes, for metrics; calls must return at once and
 * never throw.
 */
public interface BaselineObserver {

  /** Observes nothing. */
  BaselineObserver NONE =
      new BaselineObserver() {
        @Override
        public void watchingBaselines(IndexerResourceCache<SecurityBaseline> baselines) {}

        @Override
        public void evaluated(String baseline, Instant at) {}
      };

  /** The reconciler's cache of SecurityBaselines (statuses included), once it is made. */
  void watchingBaselines(IndexerResourceCache<SecurityBaseline> baselines);

  /**
   * The baseline named {@code baseline} was evaluated completely at {@code at}: every namespace it
   * selects had a report of this process, and its status was computed (written or unchanged).
   */
  void evaluated(String baseline, Instant at);
}
