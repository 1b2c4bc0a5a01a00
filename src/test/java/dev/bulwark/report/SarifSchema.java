package dev.bulwark.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The official SARIF 2.1.0 JSON schema, obtained at test time from the npm package
 * {@code @microsoft/jest-sarif} (which ships it as lib/schemas/sarif-2.1.0-rtm.5.json), unpacked
 * under target/ and never copied into the repository.
 */
final class SarifSchema {

  static final String PACKAGE = "@microsoft/jest-sarif@1.0.0-beta.0";
  static final String TARBALL = "microsoft-jest-sarif-1.0.0-beta.0.tgz";
  static final String ENTRY = "package/lib/schemas/sarif-2.1.0-rtm.5.json";

  private SarifSchema() {}

  static synchronized Path file() throws IOException, InterruptedException {
    Path dir = Path.of("target", "sarif-schema");
    Path schema = dir.resolve(ENTRY);
    if (Files.isRegularFile(schema)) {
      return schema;
    }
    Files.createDirectories(dir);
    run(dir, List.of("npm", "pack", PACKAGE, "--silent"));
    run(dir, List.of("tar", "-xzf", TARBALL, ENTRY));
    if (!Files.isRegularFile(schema)) {
      throw new IllegalStateException("npm package " + PACKAGE + " has no " + ENTRY);
    }
    return schema;
  }

  private static void run(Path dir, List<String> command) throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    if (!process.waitFor(3, TimeUnit.MINUTES) || process.exitValue() != 0) {
      throw new IllegalStateException(
          "failed: " + String.join(" ", command) + " (is npm installed?)");
    }
  }
}
