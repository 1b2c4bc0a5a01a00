package dev.bulwark.operator.reports;

import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the cluster serves the OpenReports {@code reports} resource (its CRDs are installed by
 * the user, not by Bulwark), asked of API discovery at most once per recheck period while it is
 * missing. Says so once per change: one warning when a Report is wanted and the API is missing (not
 * when it is only asked whether an old Report must be deleted), one line when it appears.
 */
final class OpenReportsApi {

  private static final Logger log = LoggerFactory.getLogger(OpenReportsApi.class);

  private final KubernetesClient client;
  private final Clock clock;
  private final Duration recheck;
  private Boolean available;
  private boolean warned;
  private Instant checkedAt = Instant.MIN;

  /**
   * @param recheck how long a "not served" answer is trusted before discovery is asked again
   */
  OpenReportsApi(KubernetesClient client, Duration recheck, Clock clock) {
    this.client = client;
    this.recheck = recheck;
    this.clock = clock;
  }

  /** How long a "not served" answer is trusted. */
  Duration recheck() {
    return recheck;
  }

  /**
   * True when Reports can be written now; asks discovery when the last answer is stale. {@code
   * wanted}: the caller has a Report to write (so a missing API is worth a warning).
   */
  synchronized boolean available(boolean wanted) {
    Instant now = clock.instant();
    if (Boolean.TRUE.equals(available)
        || (available != null && now.isBefore(checkedAt.plus(recheck)))) {
      warnIfWanted(wanted);
      return available;
    }
    Optional<Boolean> served = ask(now);
    if (served.isEmpty()) {
      return Boolean.TRUE.equals(available);
    }
    warnIfWanted(wanted);
    return served.get();
  }

  /**
   * Asks discovery and records the answer; empty when discovery gave none (then what was known is
   * kept and asked again next time).
   */
  private Optional<Boolean> ask(Instant now) {
    checkedAt = now;
    boolean served;
    try {
      APIResourceList resources = client.getApiResources("openreports.io/v1alpha1");
      served =
          resources != null
              && resources.getResources().stream().anyMatch(r -> "reports".equals(r.getName()));
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404) {
        // Not an answer about the API: keep what was known and ask again next time.
        log.debug("API discovery of openreports.io failed: {}", e.getMessage());
        checkedAt = Instant.MIN;
        return Optional.empty();
      }
      served = false;
    }
    set(served);
    return Optional.of(served);
  }

  /** Records that a write found the resource gone (its CRD was deleted). */
  synchronized void lost() {
    checkedAt = clock.instant();
    set(false);
  }

  /**
   * Asks discovery now, whatever was known, whether the resource is served: the authority on a 404,
   * which a missing CRD and a missing namespace both answer. Keeps what was known when discovery
   * itself fails (and says served then, so a namespace's 404 is not taken for a lost API).
   */
  synchronized boolean servedNow() {
    return ask(clock.instant()).orElse(true);
  }

  private void set(boolean served) {
    if (served && !Boolean.TRUE.equals(available)) {
      log.info("OpenReports API openreports.io/v1alpha1 found: writing a Report per namespace");
      warned = false;
    }
    available = served;
  }

  private void warnIfWanted(boolean wanted) {
    if (wanted && !warned && Boolean.FALSE.equals(available)) {
      warned = true;
      log.warn(
          "OpenReports API openreports.io/v1alpha1 is not served (CRD reports.openreports.io"
              + " not installed): no Reports are written; baselines work as before. Install the"
              + " CRDs of github.com/openreports/reports-api to get them (looked for again"
              + " every {} s)",
          recheck.toSeconds());
    }
  }
}
