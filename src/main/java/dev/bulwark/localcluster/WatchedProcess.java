package dev.bulwark.localcluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A child process wrapped in a small shell watchdog that ends it when this JVM dies, even by
 * SIGKILL, so no control-plane process outlives the run that started it.
 */
final class WatchedProcess implements AutoCloseable {

  private static final String WATCHDOG =
      """
      parent=$1; shift
      "$@" & child=$!
      trap 'kill $child 2>/dev/null; wait $child; exit 0' TERM INT
      while kill -0 "$parent" 2>/dev/null && kill -0 "$child" 2>/dev/null; do sleep 1; done
      kill $child 2>/dev/null
      wait $child
      """;

  private final Process process;
  private final String name;

  private WatchedProcess(String name, Process process) {
    this.name = name;
    this.process = process;
  }

  /** Starts {@code command}, appending its standard output and error to {@code log}. */
  static WatchedProcess start(String name, List<String> command, Path log) {
    List<String> wrapped = new ArrayList<>(List.of("/bin/sh", "-c", WATCHDOG, "watchdog"));
    wrapped.add(Long.toString(ProcessHandle.current().pid()));
    wrapped.addAll(command);
    try {
      Process process =
          new ProcessBuilder(wrapped)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
      return new WatchedProcess(name, process);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name, e);
    }
  }

  boolean isAlive() {
    return process.isAlive();
  }

  String name() {
    return name;
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
