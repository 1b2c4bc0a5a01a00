package dev.bulwark.operator.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.operator.ledger.ComplianceLedger;
import dev.bulwark.operator.ledger.NamespaceEvaluation;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AwaitedEvaluationsTest {

  private final ComplianceLedger ledger =
      new ComplianceLedger(Duration.ofMinutes(5), Clock.systemUTC());
  private final List<String> woken = new ArrayList<>();
  private final AwaitedEvaluations awaited = new AwaitedEvaluations(ledger, woken::add);

  private void evaluate(String namespace, String uid) {
    ledger.record(
        NamespaceEvaluation.of(namespace, uid)
            .governedBy("base", 1, Set.of("base"))
            .violations(List.of())
            .build());
  }

  @Test
  void onlyTheLastNamespaceWaitedForWakesTheBaseline() {
    awaited.await("base", Map.of("a", "uid-a", "b", "uid-b", "c", "uid-c"));

    evaluate("a", "uid-a");
    evaluate("b", "uid-b");
    evaluate("elsewhere", "uid-x");

    assertThat(woken).isEmpty();
    assertThat(awaited.waits("base")).isTrue();

    evaluate("c", "uid-c");
    evaluate("a", "uid-a");

    assertThat(woken).containsExactly("base");
    assertThat(awaited.waits("base")).isFalse();
  }

  @Test
  void anEvaluationStoredBeforeTheSetIsInstalledIsNotWaitedFor() {
    // The reconcile read the ledger without "a", then "a" was evaluated, then the set installed.
    evaluate("a", "uid-a");

    awaited.await("base", Map.of("a", "uid-a"));

    assertThat(woken).containsExactly("base");
    assertThat(awaited.waits("base")).isFalse();
  }

  @Test
  void anEvaluationOfAnotherNamespaceOfTheSameNameIsNotTheOneWaitedFor() {
    awaited.await("base", Map.of("a", "uid-new"));

    evaluate("a", "uid-old");

    assertThat(woken).isEmpty();
    assertThat(awaited.waits("base")).isTrue();
  }

  @Test
  void nothingMissingMeansNotWaiting() {
    awaited.await("base", Map.of("a", "uid-a"));
    awaited.await("base", Map.of());

    assertThat(awaited.waits("base")).isFalse();
    assertThat(woken).isEmpty();
  }

  @Test
  void aBaselineThatIsGoneWaitsNoMore() {
    awaited.await("gone", Map.of("a", "uid-a"));
    awaited.retain(Set.of("other"));

    assertThat(awaited.waits("gone")).isFalse();
  }
}
