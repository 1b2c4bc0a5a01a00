package dev.bulwark.status;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

/** Turns a failed call to the API server into one line a user can act on, without a stack trace. */
public final class ClusterErrors {

  private ClusterErrors() {}

  /** One line for {@code e}, a failed call of {@code client} to the SecurityBaseline API. */
  static String describe(KubernetesClient client, KubernetesClientException e) {
    String server = String.valueOf(client.getConfiguration().getMasterUrl());
    if (e.getCode() <= 0) {
      // No HTTP answer at all: refused, unknown host, TLS failure or timeout.
      return "cannot reach the cluster at " + server + ": " + rootCause(e);
    }
    return switch (e.getCode()) {
      case 401 -> "the cluster at " + server + " did not accept the credentials (401 Unauthorized)";
      case 403 -> "the cluster at " + server + " refused: " + statusMessage(e);
      case 404 ->
          "the SecurityBaseline API (securitybaselines.bulwark.dev) is not served by "
              + server
              + ": are Bulwark's CRDs installed? (kubectl apply -f crds/)";
      default -> "the cluster at " + server + " answered " + e.getCode() + ": " + statusMessage(e);
    };
  }

  private static String statusMessage(KubernetesClientException e) {
    return e.getStatus() != null && e.getStatus().getMessage() != null
        ? e.getStatus().getMessage()
        : e.getMessage();
  }

  /**
   * The most telling message in the cause chain below fabric8's "Operation ... failed": the deepest
   * one with text; without any, a plain description instead of a class name.
   */
  public static String rootCause(Throwable e) {
    String message = null;
    for (Throwable cause = e.getCause();
        cause != null;
        cause = cause.getCause() == cause ? null : cause.getCause()) {
      if (cause.getMessage() != null && !cause.getMessage().isBlank()) {
        message = cause.getMessage();
      }
    }
    return message == null ? "no answer (connection refused or closed)" : message;
  }
}
