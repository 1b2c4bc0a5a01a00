package dev.bulwark.scan;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/** Expands the scan arguments: files as given, directories recursively, {@code -} for stdin. */
public final class ManifestSources {

  /** Standard input. */
  public static final String STDIN = "-";

  private ManifestSources() {}

  /**
   * The files to read, in a stable order (arguments in order, directory contents sorted).
   *
   * @throws NoSuchFileException-like {@link IllegalArgumentException} when an argument does not
   *     exist
   */
  public static List<String> expand(List<String> arguments) throws IOException {
    List<String> sources = new ArrayList<>();
    for (String argument : arguments) {
      if (STDIN.equals(argument)) {
        sources.add(STDIN);
        continue;
      }
      Path path = Path.of(argument);
      if (Files.isDirectory(path)) {
        try (Stream<Path> walk = Files.walk(path)) {
          walk.filter(Files::isRegularFile)
              .filter(ManifestSources::isManifest)
              .map(Path::toString)
              .sorted()
              .forEach(sources::add);
        }
      } else if (Files.isRegularFile(path)) {
        sources.add(argument);
      } else {
        throw new IllegalArgumentException("no such file or directory: " + argument);
      }
    }
    return sources;
  }

  static boolean isManifest(Path file) {
    Path fileName = file.getFileName();
    if (fileName == null) {
      return false; // a file system root
    }
    String name = fileName.toString().toLowerCase(Locale.ROOT);
    return name.endsWith(".yaml") || name.endsWith(".yml") || name.endsWith(".json");
  }
}
