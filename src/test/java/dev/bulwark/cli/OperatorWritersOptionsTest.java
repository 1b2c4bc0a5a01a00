package dev.bulwark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.admission.TrustedWriters;
import dev.bulwark.operator.OperatorIdentity;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The flags that name who besides the operator may write what Bulwark owns. */
class OperatorWritersOptionsTest {

  @Test
  void breakGlassFlagsRepeatAndTheOperatorUserIsTakenAsGiven() {
    OperatorCommand command = new OperatorCommand();
    new CommandLine(command)
        .parseArgs(
            "--break-glass-user=oncall",
            "--break-glass-user=auditor",
            "--break-glass-group=platform",
            "--operator-user=system:serviceaccount:ops:bulwark");
    TrustedWriters writers = command.writers();
    assertThat(writers)
        .isEqualTo(
            new TrustedWriters(
                "system:serviceaccount:ops:bulwark",
                List.of("oncall", "auditor"),
                List.of("platform")));
    // Given, the operator's user is not asked of the API server (there is no client here).
    assertThat(OperatorIdentity.resolve(null, writers)).isSameAs(writers);
  }

  @Test
  void withoutFlagsNoBreakGlassAndTheUserIsFoundAtStart() {
    OperatorCommand command = new OperatorCommand();
    new CommandLine(command).parseArgs();
    assertThat(command.writers()).isEqualTo(TrustedWriters.none());
  }
}
