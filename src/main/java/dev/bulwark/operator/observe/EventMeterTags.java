package dev.bulwark.operator.observe;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;
import java.util.ArrayList;
import java.util.List;

/**
 * Gives every java-operator-sdk meter ({@code operator.sdk.*}) one set of tag keys, "none" where a
 * meter has no value for a key. The SDK tags meters of one name with different keys (resource
 * events with more than other events; core kinds without {@code group}), and Prometheus refuses a
 * second meter of a name with other tag keys, so without this only the first one seen of each name
 * was exported. Keys outside the set are dropped; none of them is per resource.
 */
public final class EventMeterTags implements MeterFilter {

  private static final List<String> KEYS =
      List.of(
          "controller",
          "controller.name",
          "event",
          "action",
          "group",
          "version",
          "kind",
          "scope",
          "exception",
          "reconciliations.retries.last",
          "reconciliations.retries.number");

  @Override
  public Meter.Id map(Meter.Id id) {
    if (!id.getName().startsWith("operator.sdk.")) {
      return id;
    }
    List<Tag> tags = new ArrayList<>();
    for (String key : KEYS) {
      String value = id.getTag(key);
      tags.add(Tag.of(key, value == null ? "none" : value));
    }
    return id.replaceTags(tags);
  }
}
