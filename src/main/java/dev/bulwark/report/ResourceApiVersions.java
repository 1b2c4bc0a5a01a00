package dev.bulwark.report;

import java.util.Map;

/** The apiVersion of each kind Bulwark reports findings on, for object references in reports. */
final class ResourceApiVersions {

  private static final Map<String, String> BY_KIND =
      Map.ofEntries(
          Map.entry("Pod", "v1"),
          Map.entry("ReplicationController", "v1"),
          Map.entry("Deployment", "apps/v1"),
          Map.entry("StatefulSet", "apps/v1"),
          Map.entry("DaemonSet", "apps/v1"),
          Map.entry("ReplicaSet", "apps/v1"),
          Map.entry("Job", "batch/v1"),
          Map.entry("CronJob", "batch/v1"),
          Map.entry("RoleBinding", "rbac.authorization.k8s.io/v1"),
          Map.entry("ClusterRoleBinding", "rbac.authorization.k8s.io/v1"));

  private ResourceApiVersions() {}

  /** The apiVersion of {@code kind}; {@code v1} for a kind not listed. */
  static String of(String kind) {
    return BY_KIND.getOrDefault(kind, "v1");
  }

  /** Whether objects of {@code kind} have no namespace. */
  static boolean clusterScoped(String kind) {
    return "ClusterRoleBinding".equals(kind);
  }
}
