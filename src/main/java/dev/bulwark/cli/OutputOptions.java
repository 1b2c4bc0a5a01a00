package dev.bulwark.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code -o yaml|json}: the commands that print a manifest share the flag and how they print. */
final class OutputOptions {

  @Spec(Spec.Target.MIXEE)
  CommandSpec mixee;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      defaultValue = "yaml",
      converter = OutputFormat.Converter.class,
      description = "yaml (default) or json")
  OutputFormat format;

  /** Prints {@code object} to the command's standard output in the chosen format. */
  void print(Object object) {
    mixee.commandLine().getOut().print(ManifestIo.write(object, format));
    mixee.commandLine().getOut().flush();
  }
}
