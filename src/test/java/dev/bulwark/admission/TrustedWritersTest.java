package dev.bulwark.admission;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TrustedWritersTest {

  @Test
  void operatorAndBreakGlassUsersByNameGroupsByMembership() {
    TrustedWriters writers =
        new TrustedWriters(null, List.of("oncall"), List.of("platform")).withOperator("op");
    assertThat(writers.requestIsTrusted())
        .isEqualTo(
            "(request.userInfo.username in ['op', 'oncall'] || (has(request.userInfo.groups)"
                + " && request.userInfo.groups.exists(g, g in ['platform'])))");
  }

  /** Negated by the policies ("!" + it): it must be one term, with or without groups. */
  @Test
  void isOneParenthesisedTerm() {
    assertThat(TrustedWriters.none().withOperator("op").requestIsTrusted())
        .isEqualTo("(request.userInfo.username in ['op'])");
  }

  @Test
  void anUnknownOperatorTrustsOnlyBreakGlassSubjects() {
    assertThat(new TrustedWriters(null, List.of(), List.of()).requestIsTrusted())
        .isEqualTo("(request.userInfo.username in [])");
  }
}
