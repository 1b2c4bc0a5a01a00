package dev.bulwark.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether a standard stream is a terminal, so that colour and progress never end up in files or
 * pipes. On Linux the stream's file descriptor link tells; elsewhere the JVM's console does.
 */
final class Terminal {

  static final int STDOUT = 1;
  static final int STDERR = 2;

  private Terminal() {}

  static boolean isTerminal(int fd) {
    if (System.getenv("NO_COLOR") != null || "dumb".equals(System.getenv("TERM"))) {
      return false;
    }
    Path link = Path.of("/proc/self/fd/" + fd);
    try {
      if (Files.isSymbolicLink(link)) {
        String target = Files.readSymbolicLink(link).toString();
        return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
      }
    } catch (IOException | UnsupportedOperationException e) {
      // fall through to the console check
    }
    return System.console() != null;
  }
}
