package dev.bulwark.cli;

import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code -o yaml|json}. */
enum OutputFormat {
  YAML,
  JSON;

  /** Case-insensitive parsing with an error that lists the choices (a usage error, exit 2). */
  static final class Converter implements ITypeConverter<OutputFormat> {
    @Override
    public OutputFormat convert(String value) {
      try {
        return OutputFormat.valueOf(value.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException("expected yaml or json, got \"" + value + "\"");
      }
    }
  }
}
