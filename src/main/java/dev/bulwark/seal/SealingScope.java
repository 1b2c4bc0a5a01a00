package dev.bulwark.seal;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * Which names a sealed value may be unsealed under; bound into the ciphertext as the OAEP label.
 */
public enum SealingScope {
  /** Only a SealedSecret of the same name in the same namespace opens it. */
  STRICT("strict"),
  /** Any SealedSecret in the same namespace opens it. */
  NAMESPACE_WIDE("namespace-wide"),
  /** Any SealedSecret anywhere opens it. */
  CLUSTER_WIDE("cluster-wide");

  /**
   * Bitnami's annotation, on the SealedSecret's own metadata, that widens the scope to the cluster.
   */
  public static final String CLUSTER_WIDE_ANNOTATION = "sealedsecrets.bitnami.com/cluster-wide";

  /** Bitnami's annotation, on the SealedSecret's own metadata, that widens it to the namespace. */
  public static final String NAMESPACE_WIDE_ANNOTATION = "sealedsecrets.bitnami.com/namespace-wide";

  private final String cliName;

  SealingScope(String cliName) {
    this.cliName = cliName;
  }

  /** The name kubeseal and {@code bulwark seal --scope} use. */
  public String cliName() {
    return cliName;
  }

  /** Parses a {@code --scope} value. */
  public static SealingScope fromCliName(String name) {
    for (SealingScope scope : values()) {
      if (scope.cliName.equals(name.toLowerCase(Locale.ROOT))) {
        return scope;
      }
    }
    throw new IllegalArgumentException(
        "unknown scope \"" + name + "\" (expected strict, namespace-wide or cluster-wide)");
  }

  /**
   * The scope that the annotations of an object's own metadata declare. Callers pass the
   * SealedSecret's metadata, never its template: a template annotation must not widen a scope.
   */
  public static SealingScope fromAnnotations(Map<String, String> annotations) {
    if (annotations == null) {
      return STRICT;
    }
    if ("true".equals(annotations.get(CLUSTER_WIDE_ANNOTATION))) {
      return CLUSTER_WIDE;
    }
    if ("true".equals(annotations.get(NAMESPACE_WIDE_ANNOTATION))) {
      return NAMESPACE_WIDE;
    }
    return STRICT;
  }

  /** The OAEP label a value sealed for {@code namespace}/{@code name} in this scope carries. */
  public byte[] label(String namespace, String name) {
    String label =
        switch (this) {
          case STRICT -> namespace + "/" + name;
          case NAMESPACE_WIDE -> namespace;
          case CLUSTER_WIDE -> "";
        };
    return label.getBytes(StandardCharsets.UTF_8);
  }

  /** Names the scope and its label for messages, e.g. {@code strict scope "ns/name"}. */
  public String describe(String namespace, String name) {
    return switch (this) {
      case STRICT -> "strict scope \"" + namespace + "/" + name + "\"";
      case NAMESPACE_WIDE -> "namespace-wide scope \"" + namespace + "\"";
      case CLUSTER_WIDE -> "cluster-wide scope";
    };
  }

  /** Sets the annotation that declares this scope and removes the other one. */
  public void writeTo(Map<String, String> annotations) {
    annotations.remove(CLUSTER_WIDE_ANNOTATION);
    annotations.remove(NAMESPACE_WIDE_ANNOTATION);
    switch (this) {
      case CLUSTER_WIDE -> annotations.put(CLUSTER_WIDE_ANNOTATION, "true");
      case NAMESPACE_WIDE -> annotations.put(NAMESPACE_WIDE_ANNOTATION, "true");
      case STRICT -> {}
    }
  }
}
