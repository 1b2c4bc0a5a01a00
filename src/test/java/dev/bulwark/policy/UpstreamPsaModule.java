package dev.bulwark.policy;

import dev.bulwark.testing.GoModuleSource;
import java.nio.file.Path;

/**
 * Finds upstream's k8s.io/pod-security-admission module on disk at test time through {@code go mod
 * download}, so its fixtures are read where Go keeps them and never copied into this repository.
 */
public final class UpstreamPsaModule {

  public static final String MODULE = "k8s.io/pod-security-admission";
  public static final String VERSION = "v0.37.2";

  private static Path directory;

  private UpstreamPsaModule() {}

  /** The module's directory; downloads it on first use. Fails loudly when Go is missing. */
  public static synchronized Path directory() {
    if (directory == null) {
      directory = download();
    }
    return directory;
  }

  /** {@code test/testdata} of the module: {level}/v1.N/{pass,fail}/*.yaml. */
  public static Path testdata() {
    return directory().resolve("test").resolve("testdata");
  }

  private static Path download() {
    return GoModuleSource.directory(MODULE, VERSION, "test/testdata");
  }
}
