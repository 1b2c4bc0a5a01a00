package dev.bulwark.policy;

/**
 * One violation at one place in an object.
 *
 * @param check stable check id (upstream's id for Pod Security Standards checks)
 * @param standard {@code pss} or {@code bulwark}
 * @param level the Pod Security Standards level the check belongs to; {@code null} for Bulwark's
 *     own checks, which sit outside the standard's levels
 * @param severity how urgent the fix is
 * @param message what is wrong, naming the container and field, in the API server's style
 * @param path field path in the original object, e.g. {@code
 *     spec.template.spec.containers[0].securityContext.runAsNonRoot}
 * @param remediation one-line hint on how to fix it
 * @param container the container the finding is in; {@code null} for a finding on the pod as a
 *     whole (host namespaces, volumes, the pod's security context, its service account)
 */
public record Finding(
    String check,
    Standard standard,
    Level level,
    Severity severity,
    String message,
    String path,
    String remediation,
    ContainerRef container) {

  /** A finding on the pod as a whole, in no container. */
  public Finding(
      String check,
      Standard standard,
      Level level,
      Severity severity,
      String message,
      String path,
      String remediation) {
    this(check, standard, level, severity, message, path, remediation, null);
  }
}
