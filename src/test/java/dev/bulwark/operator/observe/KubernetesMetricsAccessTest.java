package dev.bulwark.operator.observe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.operator.observe.MetricsAccess.Decision;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Issue 26, item 6: what the API server decided about a token is reused briefly, so repeated
 * requests (a scrape, or a client repeating a bad token) cost no review each; reviews in flight are
 * bounded.
 */
class KubernetesMetricsAccessTest {

  private final AtomicInteger reviews = new AtomicInteger();
  private Instant now = Instant.parse("2026-11-29T12:00:00Z");
  private final Clock clock =
      new Clock() {
        @Override
        public ZoneOffset getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return now;
        }
      };

  private KubernetesMetricsAccess access(Decision answer) {
    return new KubernetesMetricsAccess(
        token -> {
          reviews.incrementAndGet();
          return answer;
        },
        clock);
  }

  @Test
  void aDecisionIsReusedForItsCacheTimeThenReviewedAgain() {
    KubernetesMetricsAccess access = access(Decision.ALLOWED);

    for (int i = 0; i < 10; i++) {
      assertThat(access.decide("Bearer scraper")).isEqualTo(Decision.ALLOWED);
    }
    assertThat(reviews).hasValue(1);

    now = now.plus(KubernetesMetricsAccess.CACHE_FOR);
    assertThat(access.decide("Bearer scraper")).isEqualTo(Decision.ALLOWED);
    assertThat(reviews).hasValue(2);
  }

  @Test
  void aRefusedTokenIsRememberedTooSoRepeatingItCostsNoReview() {
    KubernetesMetricsAccess access = access(Decision.UNAUTHENTICATED);

    for (int i = 0; i < 50; i++) {
      assertThat(access.decide("Bearer not-a-token")).isEqualTo(Decision.UNAUTHENTICATED);
    }

    assertThat(reviews).hasValue(1);
  }

  @Test
  void anUnavailableAnswerIsNotRemembered() {
    KubernetesMetricsAccess access = access(Decision.UNAVAILABLE);

    access.decide("Bearer t");
    access.decide("Bearer t");

    assertThat(reviews).hasValue(2);
  }

  @Test
  void onlyTheLatestTokensAreRemembered() {
    KubernetesMetricsAccess access = access(Decision.FORBIDDEN);

    for (int i = 0; i <= KubernetesMetricsAccess.CACHED_TOKENS; i++) {
      access.decide("Bearer token-" + i);
    }
    access.decide("Bearer token-" + KubernetesMetricsAccess.CACHED_TOKENS);
    assertThat(reviews).hasValue(KubernetesMetricsAccess.CACHED_TOKENS + 1);

    access.decide("Bearer token-0");
    assertThat(reviews)
        .as("the oldest was forgotten")
        .hasValue(KubernetesMetricsAccess.CACHED_TOKENS + 2);
  }

  @Test
  void requestsWithoutABearerTokenNeedNoReview() {
    KubernetesMetricsAccess access = access(Decision.ALLOWED);

    assertThat(access.decide(null)).isEqualTo(Decision.UNAUTHENTICATED);
    assertThat(access.decide("Basic abc")).isEqualTo(Decision.UNAUTHENTICATED);
    assertThat(access.decide("Bearer   ")).isEqualTo(Decision.UNAUTHENTICATED);
    assertThat(reviews).hasValue(0);
  }

  @Test
  void reviewsBeyondTheLimitInFlightAreAnsweredUnavailable() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch started = new CountDownLatch(KubernetesMetricsAccess.REVIEWS_AT_ONCE);
    KubernetesMetricsAccess access =
        new KubernetesMetricsAccess(
            token -> {
              started.countDown();
              try {
                release.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              return Decision.ALLOWED;
            },
            clock);
    ExecutorService pool = Executors.newFixedThreadPool(KubernetesMetricsAccess.REVIEWS_AT_ONCE);
    try {
      List<Future<Decision>> inFlight = new ArrayList<>();
      for (int i = 0; i < KubernetesMetricsAccess.REVIEWS_AT_ONCE; i++) {
        String token = "Bearer slow-" + i;
        inFlight.add(pool.submit(() -> access.decide(token)));
      }
      assertThat(started.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();

      assertThat(access.decide("Bearer one-more")).isEqualTo(Decision.UNAVAILABLE);

      release.countDown();
      for (Future<Decision> decision : inFlight) {
        assertThat(decision.get()).isEqualTo(Decision.ALLOWED);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
