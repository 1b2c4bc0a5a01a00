package dev.bulwark.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of the {@code bulwark} command line; each subcommand is a thin shell over a layer.
 */
@Command(
    name = "bulwark",
    mixinStandardHelpOptions = true,
    versionProvider = BuildVersion.class,
    description = "Keeps Kubernetes namespaces at a declared security baseline.",
    subcommands = {
      DemoCommand.class,
      ScanCommand.class,
      StatusCommand.class,
      OperatorCommand.class,
      LocalClusterCommand.class,
      SealCommand.class,
      UnsealCommand.class,
      ResealCommand.class,
      CertCommand.class,
      KeysCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {

  @CommandLine.Spec private CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(new CommandLine(new Main()).execute(args));
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
  }
}
