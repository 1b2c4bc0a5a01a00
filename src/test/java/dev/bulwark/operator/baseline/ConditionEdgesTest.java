package dev.bulwark.operator.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConditionEdgesTest {

  private static final Instant NOW = Instant.parse("2026-12-06T00:00:00Z");
  private static final String TYPE = ConditionTypes.SPEC_WARNINGS;

  private static Conditions computed(List<Condition> read, boolean value) {
    return new Conditions(read, NOW).set(TYPE, value, "R", "m");
  }

  private static List<Condition> read(boolean value) {
    return computed(null, value).build();
  }

  @Test
  void aSecondReconcileReadingTheStatusFromBeforeTheWriteDoesNotAnnounceAgain() {
    ConditionEdges edges = new ConditionEdges();
    assertThat(edges.becameTrue("uid", TYPE, computed(read(false), true))).isTrue();
    // The informer has not delivered the status just written: the read still says False.
    assertThat(edges.becameTrue("uid", TYPE, computed(read(false), true))).isFalse();
  }

  @Test
  void becomingTrueAgainAfterFalseIsAnnouncedAgain() {
    ConditionEdges edges = new ConditionEdges();
    assertThat(edges.becameTrue("uid", TYPE, computed(null, true))).isTrue();
    assertThat(edges.becameTrue("uid", TYPE, computed(read(true), false))).isFalse();
    assertThat(edges.becameTrue("uid", TYPE, computed(read(false), true))).isTrue();
  }

  @Test
  void afterARestartTheWrittenStatusTellsWhatWasAnnounced() {
    ConditionEdges restarted = new ConditionEdges();
    assertThat(restarted.becameTrue("uid", TYPE, computed(read(true), true))).isFalse();
    ConditionEdges other = new ConditionEdges();
    assertThat(other.becameTrue("uid", TYPE, computed(read(false), true))).isTrue();
  }

  @Test
  void baselinesAreTrackedApartAndForgottenWhenGone() {
    ConditionEdges edges = new ConditionEdges();
    assertThat(edges.becameTrue("a", TYPE, computed(null, true))).isTrue();
    assertThat(edges.becameTrue("b", TYPE, computed(null, true))).isTrue();
    edges.retain(Set.of("b"));
    // "a" forgotten: its cached status (False here) decides again.
    assertThat(edges.becameTrue("a", TYPE, computed(read(false), true))).isTrue();
    assertThat(edges.becameTrue("b", TYPE, computed(read(false), true))).isFalse();
  }
}
