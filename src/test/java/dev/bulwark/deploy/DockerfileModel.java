package dev.bulwark.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Dockerfile read into stages and instructions, enough to check what it declares without a
 * container engine. Follows the Dockerfile reference's line rules: {@code #} starts a comment line
 * (parser directives such as {@code # syntax=} are read as comments), a trailing backslash
 * continues an instruction on the next line (comment lines inside a continuation are dropped), and
 * the first word of an instruction is its keyword, case-insensitive. No Maven Central library
 * parses Dockerfiles, hence these few lines.
 *
 * @param instructions every instruction in file order
 * @param stages the build stages, each starting at a FROM
 */
record DockerfileModel(List<Instruction> instructions, List<Stage> stages) {

  private static final Pattern FROM =
      Pattern.compile("(?i)(?:--platform=\\S+\\s+)?(\\S+)(?:\\s+AS\\s+(\\S+))?\\s*");

  /**
   * One instruction.
   *
   * @param keyword upper-case keyword, e.g. {@code RUN}
   * @param arguments the rest of the instruction, continuation lines joined with a space
   * @param line 1-based line where it starts
   * @param comments the comment lines directly above it (without {@code #}), in order
   */
  record Instruction(String keyword, String arguments, int line, List<String> comments) {}

  /**
   * A build stage.
   *
   * @param image the FROM image reference (or the name of an earlier stage)
   * @param name the {@code AS} name, if any
   * @param from the FROM instruction
   * @param body the instructions after FROM, up to the next FROM
   */
  record Stage(String image, Optional<String> name, Instruction from, List<Instruction> body) {

    /** The body's instructions with this keyword. */
    List<Instruction> all(String keyword) {
      return body.stream().filter(i -> i.keyword().equals(keyword)).toList();
    }
  }

  /** Reads {@code file}; an instruction before the first FROM (ARG) belongs to no stage. */
  static DockerfileModel read(Path file) throws IOException {
    List<Instruction> instructions = new ArrayList<>();
    List<String> comments = new ArrayList<>();
    StringBuilder pending = null;
    int start = 0;
    List<String> lines = Files.readAllLines(file);
    for (int n = 0; n < lines.size(); n++) {
      String line = lines.get(n);
      String trimmed = line.strip();
      if (trimmed.startsWith("#")) {
        if (pending == null) {
          comments.add(trimmed.substring(1).strip());
        }
        continue;
      }
      if (trimmed.isEmpty() && pending == null) {
        comments.clear();
        continue;
      }
      if (pending == null) {
        pending = new StringBuilder();
        start = n + 1;
      }
      boolean continues = trimmed.endsWith("\\");
      pending
          .append(pending.isEmpty() ? "" : " ")
          .append(continues ? trimmed.substring(0, trimmed.length() - 1).strip() : trimmed);
      if (!continues) {
        instructions.add(instruction(pending.toString(), start, comments));
        comments = new ArrayList<>();
        pending = null;
      }
    }
    if (pending != null) {
      instructions.add(instruction(pending.toString(), start, comments));
    }
    return new DockerfileModel(List.copyOf(instructions), stages(instructions));
  }

  private static Instruction instruction(String text, int line, List<String> comments) {
    String[] parts = text.split("\\s+", 2);
    return new Instruction(
        parts[0].toUpperCase(Locale.ROOT),
        parts.length > 1 ? parts[1] : "",
        line,
        List.copyOf(comments));
  }

  private static List<Stage> stages(List<Instruction> instructions) {
    List<Stage> stages = new ArrayList<>();
    Instruction from = null;
    List<Instruction> body = new ArrayList<>();
    for (Instruction instruction : instructions) {
      if (instruction.keyword().equals("FROM")) {
        if (from != null) {
          stages.add(stage(from, body));
        }
        from = instruction;
        body = new ArrayList<>();
      } else if (from != null) {
        body.add(instruction);
      }
    }
    if (from != null) {
      stages.add(stage(from, body));
    }
    return List.copyOf(stages);
  }

  private static Stage stage(Instruction from, List<Instruction> body) {
    Matcher m = FROM.matcher(from.arguments());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "line " + from.line() + ": unreadable FROM " + from.arguments());
    }
    return new Stage(m.group(1), Optional.ofNullable(m.group(2)), from, List.copyOf(body));
  }

  /** The last stage: what {@code docker build} produces. */
  Stage runtime() {
    return stages.get(stages.size() - 1);
  }

  /** The default value of a global or stage ARG {@code name}, if declared with one. */
  Optional<String> argDefault(String name) {
    return instructions.stream()
        .filter(i -> i.keyword().equals("ARG") && i.arguments().startsWith(name + "="))
        .map(i -> i.arguments().substring(name.length() + 1).replace("\"", ""))
        .findFirst();
  }
}
