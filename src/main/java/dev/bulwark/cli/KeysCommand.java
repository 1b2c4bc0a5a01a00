package dev.bulwark.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code bulwark keys backup|restore}: the sealing keys out of a cluster and into one. */
@Command(
    name = "keys",
    mixinStandardHelpOptions = true,
    description = {
      "Back up the sealing keys to an encrypted file, or restore them into a cluster.",
      "The keys are the one thing a lost cluster cannot recreate: without them no SealedSecret"
          + " in Git opens again. See docs/key-recovery.md for the recovery drill."
    },
    subcommands = {
      KeysBackupCommand.class,
      KeysRestoreCommand.class,
      CommandLine.HelpCommand.class
    })
public final class KeysCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "a subcommand is required: backup or restore");
  }
}
