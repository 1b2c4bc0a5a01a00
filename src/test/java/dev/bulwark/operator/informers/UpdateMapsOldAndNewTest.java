package dev.bulwark.operator.informers;

import static org.assertj.core.api.Assertions.assertThat;

import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.SecondaryToPrimaryMapper;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class UpdateMapsOldAndNewTest {

  /** Maps a comma-separated list of namespaces to their ids. */
  private static final SecondaryToPrimaryMapper<String> NAMESPACES =
      list ->
          list.isEmpty()
              ? Set.of()
              : Set.of(list.split(",")).stream().map(ResourceID::new).collect(Collectors.toSet());

  @Test
  void triggersTheNamespacesOnlyTheOldObjectMappedTo() {
    assertThat(UpdateMapsOldAndNew.onlyOld(NAMESPACES, "team-a,team-b", "team-b,team-c"))
        .containsExactly(new ResourceID("team-a"));
  }

  @Test
  void triggersNothingExtraWhenNothingWasRemoved() {
    assertThat(UpdateMapsOldAndNew.onlyOld(NAMESPACES, "team-a", "team-a,team-b")).isEmpty();
    assertThat(UpdateMapsOldAndNew.onlyOld(NAMESPACES, "", "team-a")).isEmpty();
  }

  @Test
  void triggersEveryOldNamespaceWhenTheNewObjectMapsToNone() {
    assertThat(UpdateMapsOldAndNew.onlyOld(NAMESPACES, "team-a,team-b", ""))
        .containsExactlyInAnyOrder(new ResourceID("team-a"), new ResourceID("team-b"));
  }
}
