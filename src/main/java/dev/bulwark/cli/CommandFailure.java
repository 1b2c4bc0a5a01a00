package dev.bulwark.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** So every sealed-secret command reports an expected failure alike: one stderr line, exit 1. */
@Command // picocli takes a mixin without options only if it is marked as a command
final class CommandFailure {

  static final int EXIT_CODE = 1;

  @Spec(Spec.Target.MIXEE)
  CommandSpec mixee;

  /** Prints {@code bulwark COMMAND [SUBCOMMAND]: message} to the command's standard error. */
  int report(Exception e) {
    mixee.commandLine().getErr().println(mixee.qualifiedName() + ": " + e.getMessage());
    return EXIT_CODE;
  }
}
