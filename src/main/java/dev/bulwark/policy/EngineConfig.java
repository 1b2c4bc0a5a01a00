package dev.bulwark.policy;

import dev.bulwark.policy.hardening.HardeningCheckIds;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What the engine checks: the Pod Security Standards level and version, which of Bulwark's own
 * checks run, the registries images may come from, and the exceptions that silence findings. A
 * SecurityBaseline spec maps onto this one to one.
 *
 * @param level Pod Security Standards level; {@code privileged} runs no PSS check
 * @param version Pod Security Standards version
 * @param bulwarkChecks ids from {@link HardeningCheckIds} to run
 * @param allowedRegistries registries (or registry/path prefixes) for the allowedRegistries check
 * @param exceptions drops exempt findings
 */
public record EngineConfig(
    Level level,
    PolicyVersion version,
    Set<String> bulwarkChecks,
    List<String> allowedRegistries,
    FindingExceptions exceptions) {

  public EngineConfig {
    Objects.requireNonNull(level, "level");
    Objects.requireNonNull(version, "version");
    bulwarkChecks = Set.copyOf(bulwarkChecks);
    for (String id : bulwarkChecks) {
      if (!HardeningCheckIds.ALL.contains(id)) {
        throw new IllegalArgumentException(
            "unknown Bulwark check \"" + id + "\"; known: " + HardeningCheckIds.ALL);
      }
    }
    allowedRegistries = List.copyOf(allowedRegistries);
    exceptions = exceptions == null ? FindingExceptions.NONE : exceptions;
  }

  /**
   * restricted at latest with every Bulwark check except allowedRegistries (which needs a list).
   */
  public static EngineConfig defaults() {
    return new EngineConfig(
        Level.RESTRICTED,
        PolicyVersion.LATEST,
        Set.copyOf(
            HardeningCheckIds.ALL.stream()
                .filter(id -> !id.equals(HardeningCheckIds.ALLOWED_REGISTRIES))
                .toList()),
        List.of(),
        FindingExceptions.NONE);
  }

  /** Only the Pod Security Standards at {@code level} and {@code version}. */
  public static EngineConfig podSecurityOnly(Level level, PolicyVersion version) {
    return new EngineConfig(level, version, Set.of(), List.of(), FindingExceptions.NONE);
  }

  public EngineConfig withLevel(Level newLevel) {
    return new EngineConfig(newLevel, version, bulwarkChecks, allowedRegistries, exceptions);
  }

  public EngineConfig withVersion(PolicyVersion newVersion) {
    return new EngineConfig(level, newVersion, bulwarkChecks, allowedRegistries, exceptions);
  }

  public EngineConfig withBulwarkChecks(Set<String> ids) {
    return new EngineConfig(level, version, ids, allowedRegistries, exceptions);
  }

  /** Sets the registries and, when the list is not empty, enables the allowedRegistries check. */
  public EngineConfig withAllowedRegistries(List<String> registries) {
    Set<String> checks = new HashSet<>(bulwarkChecks);
    if (!registries.isEmpty()) {
      checks.add(HardeningCheckIds.ALLOWED_REGISTRIES);
    }
    return new EngineConfig(level, version, checks, registries, exceptions);
  }

  public EngineConfig withExceptions(FindingExceptions newExceptions) {
    return new EngineConfig(level, version, bulwarkChecks, allowedRegistries, newExceptions);
  }
}
