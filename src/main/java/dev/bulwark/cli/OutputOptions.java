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

  /**
   * Prints {@code objects} to the command's standard output: YAML documents each after a {@code
   * ---} marker, or JSON objects one after another (the stream kubectl reads).
   */
  void printAll(java.util.List<?> objects) {
    StringBuilder out = new StringBuilder();
    for (Object object : objects) {
      String text = ManifestIo.write(object, format);
      if (format == OutputFormat.YAML && !text.startsWith("---")) {
        out.append("---\n");
      }
      out.append(text);
    }
    mixee.commandLine().getOut().print(out);
    mixee.commandLine().getOut().flush();
  }

  /** Prints {@code object} to the command's standard output in the chosen format. */
  void print(Object object) {
    mixee.commandLine().getOut().print(ManifestIo.write(object, format));
    mixee.commandLine().getOut().flush();
  }
}
