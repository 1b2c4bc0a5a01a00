package dev.bulwark.policy;

/**
 * Static description of a check, for rule catalogues (SARIF rule metadata, docs).
 *
 * @param id stable check id
 * @param standard which rule book it belongs to
 * @param level Pod Security Standards level, or {@code null} for Bulwark's checks
 * @param severity default severity of its findings
 * @param title short human name
 * @param remediation one-line fix hint
 * @param cisControl CIS Kubernetes Benchmark section 5 control id, or {@code null} if none applies
 */
public record CheckInfo(
    String id,
    Standard standard,
    Level level,
    Severity severity,
    String title,
    String remediation,
    String cisControl) {

  /** Builds a finding of this check on the pod as a whole, at {@code path}. */
  public Finding finding(String message, String path) {
    return new Finding(id, standard, level, severity, message, path, remediation, null);
  }

  /**
   * Builds a finding of this check in container {@code c}, at {@code relative} below it (e.g.
   * {@code securityContext.privileged}).
   */
  public Finding finding(String message, ContainerView c, String relative) {
    return finding(message, c.path(relative), c.ref());
  }

  /** Builds a finding of this check at {@code path}, in {@code container} (null: the pod). */
  public Finding finding(String message, String path, ContainerRef container) {
    return new Finding(id, standard, level, severity, message, path, remediation, container);
  }
}
