package dev.bulwark.admission;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.admission.DenyRollout.Decision;
import dev.bulwark.admission.DenyRollout.Existing;
import dev.bulwark.admission.DenyRollout.Input;
import dev.bulwark.admission.DenyRollout.Write;
import dev.bulwark.api.AdmissionPolicyState;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** How a generated policy gets to Deny without refusing anything by surprise. */
class DenyRolloutTest {

  private static final Instant T0 = Instant.parse("2026-06-01T12:00:00Z");
  private static final Duration GRACE = Duration.ofMinutes(10);
  private static final String WEB = "Deployment/shop/web";
  private static final String DB = "StatefulSet/shop/db";

  private static SortedSet<String> refused(String... keys) {
    return new TreeSet<>(Set.of(keys));
  }

  private static Input input(
      String revision,
      SortedSet<String> refused,
      Existing existing,
      AdmissionPolicyState previous,
      Instant now) {
    return new Input(
        "resourceRequests", true, true, revision, refused, existing, previous, now, GRACE);
  }

  /** Runs decisions as the operator does: each one's state is the next one's status. */
  private static Decision again(Decision before, Input next) {
    return DenyRollout.decide(
        new Input(
            next.check(),
            next.enforce(),
            next.previewValid(),
            next.revision(),
            next.refused(),
            next.existing(),
            before.state(),
            next.now(),
            next.grace()));
  }

  @Test
  void auditModeAndActionWarnOnlyWarn() {
    Decision d =
        DenyRollout.decide(
            new Input("probes", false, true, "r1", refused(WEB), null, null, T0, GRACE));
    assertThat(d.write()).isEqualTo(Write.WARN);
    assertThat(d.state().phase).isEqualTo(AdmissionPolicyState.WARNING);
    assertThat(d.state().refuses).isEqualTo(1);
    assertThat(d.state().denyAt).isNull();
    assertThat(d.announce()).isFalse();
  }

  @Test
  void nothingIsWrittenWhileSomeNamespaceIsNotEvaluatedAgainstTheContent() {
    Decision d =
        DenyRollout.decide(
            new Input(
                "probes",
                true,
                false,
                "r1",
                refused(),
                new Existing("r0", true, Set.of()),
                null,
                T0,
                GRACE));
    assertThat(d.write()).isEqualTo(Write.NONE);
    assertThat(d.state().phase).isEqualTo(AdmissionPolicyState.WAITING_FOR_PREVIEW);
  }

  @Test
  void aPolicyThatRefusesNothingExistingDeniesAtOnce() {
    Decision d = DenyRollout.decide(input("r1", refused(), null, null, T0));
    assertThat(d.write()).isEqualTo(Write.DENY);
    assertThat(d.state().phase).isEqualTo(AdmissionPolicyState.DENYING);
    assertThat(d.announce()).isFalse();
  }

  @Test
  void aNewPolicyRefusingExistingWorkloadsWarnsUntilItsPreviewWasPublishedForTheGracePeriod() {
    Decision first = DenyRollout.decide(input("r1", refused(WEB, DB), null, null, T0));
    assertThat(first.write()).isEqualTo(Write.WARN);
    assertThat(first.announce()).as("one announcement").isTrue();
    assertThat(first.state().since).isEqualTo(T0.toString());
    assertThat(first.state().denyAt).isEqualTo(T0.plus(GRACE).toString());
    assertThat(first.state().refuses).isEqualTo(2);

    Decision published = again(first, input("r1", refused(WEB, DB), null, null, T0.plusSeconds(5)));
    assertThat(published.write()).isEqualTo(Write.WARN);
    assertThat(published.announce()).isFalse();
    assertThat(published.wakeAt()).contains(T0.plus(GRACE));

    Decision after = again(published, input("r1", refused(WEB, DB), null, null, T0.plus(GRACE)));
    assertThat(after.write()).isEqualTo(Write.DENY);
    assertThat(after.refuses()).isEqualTo(RefusalKeys.hashes(Set.of(WEB, DB)));
  }

  @Test
  void withNoGracePeriodItDeniesOnlyOnceThePreviewIsInTheStatusReadBack() {
    Input zero =
        new Input(
            "resourceRequests", true, true, "r1", refused(WEB), null, null, T0, Duration.ZERO);
    Decision first = DenyRollout.decide(zero);
    assertThat(first.write()).as("not yet published").isEqualTo(Write.WARN);
    assertThat(again(first, zero).write()).isEqualTo(Write.DENY);
  }

  @Test
  void aGracePeriodKeepsRunningWhileTheSetChangesButDenyWaitsForTheCurrentSetInStatus() {
    Decision first = DenyRollout.decide(input("r1", refused(WEB), null, null, T0));
    Decision churned =
        again(first, input("r1", refused(WEB, DB), null, null, T0.plus(GRACE).plusSeconds(1)));
    assertThat(churned.state().since).as("the same content's clock").isEqualTo(T0.toString());
    assertThat(churned.write())
        .as("the set in status is not the current one")
        .isEqualTo(Write.WARN);
    assertThat(churned.announce()).isTrue();
    Decision settled =
        again(churned, input("r1", refused(WEB, DB), null, null, T0.plus(GRACE).plusSeconds(2)));
    assertThat(settled.write()).isEqualTo(Write.DENY);
  }

  @Test
  void aDenyingPolicyWhoseNewContentRefusesOnlyWhatItWasAnnouncedForChangesAtOnce() {
    Existing denying = new Existing("r1", true, RefusalKeys.hashes(Set.of(WEB)));
    Decision d = DenyRollout.decide(input("r2", refused(WEB), denying, null, T0));
    assertThat(d.write()).isEqualTo(Write.DENY);
    assertThat(d.announce()).isFalse();
  }

  @Test
  void aDenyingPolicyWhoseNewContentRefusesMoreKeepsItsPreviousContentUntilTheGraceEnds() {
    Existing denying = new Existing("r1", true, RefusalKeys.hashes(Set.of(WEB)));
    Decision first = DenyRollout.decide(input("r2", refused(WEB, DB), denying, null, T0));
    assertThat(first.write()).as("the previous policy stays in force").isEqualTo(Write.NONE);
    assertThat(first.state().phase).isEqualTo(AdmissionPolicyState.PREVIOUS_IN_FORCE);
    assertThat(first.announce()).isTrue();
    Decision later = again(first, input("r2", refused(WEB, DB), denying, null, T0.plus(GRACE)));
    assertThat(later.write()).isEqualTo(Write.DENY);
  }

  @Test
  void theSameContentAlreadyDenyingIsKeptAndAnnotatedWithoutAGracePeriod() {
    // A policy written with Deny by a Bulwark without the annotation, found after an upgrade.
    Existing denying = new Existing("r1", true, Set.of());
    Decision d = DenyRollout.decide(input("r1", refused(WEB), denying, null, T0));
    assertThat(d.write()).isEqualTo(Write.DENY);
    assertThat(d.refuses()).isEqualTo(RefusalKeys.hashes(Set.of(WEB)));
  }

  @Test
  void aDeletedBindingOfADenyingPolicyIsPutBackWithDenyAtOnce() {
    Decision denied =
        DenyRollout.decide(input("r1", refused(WEB), new Existing("r1", true, Set.of()), null, T0));
    Existing bindingGone = new Existing("r1-without-binding", false, Set.of());
    Decision d = again(denied, input("r1", refused(WEB), bindingGone, null, T0.plusSeconds(1)));
    assertThat(d.write()).isEqualTo(Write.DENY);
  }

  @Test
  void anExpiringExceptionsObjectsAnnouncedBeforehandAreDeniedAtTheExpiry() {
    // Before the expiry the content excepts web (revision r1) and the preview already names it.
    Decision before =
        DenyRollout.decide(input("r1", refused(WEB), new Existing("r1", true, Set.of()), null, T0));
    assertThat(before.refuses()).contains(RefusalKeys.hash(WEB));
    // At the expiry the content changes (r2) and refuses web now: no grace period.
    Existing annotated = new Existing("r1", true, before.refuses());
    Decision at = again(before, input("r2", refused(WEB), annotated, null, T0.plusSeconds(60)));
    assertThat(at.write()).isEqualTo(Write.DENY);
  }
}
