package dev.bulwark.localcluster;

import java.nio.file.Path;

/**
 * The home directory as the shell scripts see it: {@code $HOME} when set, else the JVM's {@code
 * user.home} (which comes from the password database and ignores {@code $HOME}). Binaries and
 * caches the scripts build under {@code $HOME} are then found by the Java side too.
 */
public final class UserHome {

  private UserHome() {}

  /** {@code $HOME}, or {@code user.home} when it is unset or empty. */
  public static Path get() {
    String home = System.getenv("HOME");
    return home == null || home.isBlank()
        ? Path.of(System.getProperty("user.home"))
        : Path.of(home);
  }
}
