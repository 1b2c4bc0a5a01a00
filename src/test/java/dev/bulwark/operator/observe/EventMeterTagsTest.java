package dev.bulwark.operator.observe;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

class EventMeterTagsTest {

  /** Without the filter Prometheus keeps only the first of these (different tag keys). */
  @Test
  void eventMetersWithDifferentTagKeysAreAllExported() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config().meterFilter(new EventMeterTags());

    Counter.builder("operator.sdk.events.received")
        .tags(Tags.of("controller", "a", "event", "ResourceEvent", "action", "ADDED", "kind", "X"))
        .register(registry)
        .increment();
    Counter.builder("operator.sdk.events.received")
        .tags(Tags.of("controller", "b", "event", "Event"))
        .register(registry)
        .increment();

    String scraped = registry.scrape();
    assertThat(scraped)
        .contains("action=\"ADDED\"")
        .contains("controller=\"b\"")
        .contains("action=\"none\"");
  }

  /** Core kinds have no group tag; the SDK's reconcile meters of both kinds must be exported. */
  @Test
  void reconcileMetersOfCoreAndCustomKindsAreBothExported() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config().meterFilter(new EventMeterTags());

    Counter.builder("operator.sdk.reconciliations.started")
        .tags(Tags.of("kind", "Namespace", "scope", "cluster", "version", "v1"))
        .register(registry)
        .increment();
    Counter.builder("operator.sdk.reconciliations.started")
        .tags(Tags.of("group", "bulwark.dev", "kind", "SecurityBaseline", "scope", "cluster"))
        .register(registry)
        .increment();

    assertThat(registry.scrape())
        .contains("kind=\"Namespace\"")
        .contains("kind=\"SecurityBaseline\"");
  }
}
