package dev.bulwark.cli;

import dev.bulwark.seal.SealingScope;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code --scope strict|namespace-wide|cluster-wide}; a bad value is a usage error (exit 2). */
final class ScopeConverter implements ITypeConverter<SealingScope> {
  @Override
  public SealingScope convert(String value) {
    try {
      return SealingScope.fromCliName(value);
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException(e.getMessage());
    }
  }
}
