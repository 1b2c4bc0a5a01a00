package dev.bulwark.policy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ReplicationController;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The workload kinds Bulwark audits in a cluster, the one list of them: their API group, resource
 * and model class, which controller kinds make objects of a kind from their own pod template, and
 * which kinds workload remediation patches.
 */
public enum WorkloadKind {
  POD("", "pods", Pod.class, false),
  DEPLOYMENT("apps", "deployments", Deployment.class, true),
  STATEFUL_SET("apps", "statefulsets", StatefulSet.class, true),
  DAEMON_SET("apps", "daemonsets", DaemonSet.class, true),
  REPLICA_SET("apps", "replicasets", ReplicaSet.class, true),
  JOB("batch", "jobs", Job.class, true),
  CRON_JOB("batch", "cronjobs", CronJob.class, true),
  REPLICATION_CONTROLLER("", "replicationcontrollers", ReplicationController.class, false);

  private final String group;
  private final String resource;
  private final Class<? extends HasMetadata> type;
  private final boolean remediated;

  WorkloadKind(
      String group, String resource, Class<? extends HasMetadata> type, boolean remediated) {
    this.group = group;
    this.resource = resource;
    this.type = type;
    this.remediated = remediated;
  }

  /** The API group ("" for the core group). */
  public String group() {
    return group;
  }

  /** The resource's plural name, e.g. {@code deployments}. */
  public String resource() {
    return resource;
  }

  /** The fabric8 model class. */
  public Class<? extends HasMetadata> type() {
    return type;
  }

  /** The kind, e.g. {@code Deployment}. */
  public String kind() {
    return type.getSimpleName();
  }

  /**
   * Whether workload remediation patches this kind's pod template (a Job's is immutable: listed
   * only).
   */
  public boolean remediated() {
    return remediated;
  }

  /**
   * The controller kinds whose pod template objects of this kind are made from: a Pod's ReplicaSet,
   * StatefulSet, DaemonSet, Job or ReplicationController; a ReplicaSet's Deployment; a Job's
   * CronJob. Empty for kinds nobody among these makes.
   */
  public List<WorkloadKind> templateOwners() {
    return switch (this) {
      case POD -> List.of(REPLICA_SET, STATEFUL_SET, DAEMON_SET, JOB, REPLICATION_CONTROLLER);
      case REPLICA_SET -> List.of(DEPLOYMENT);
      case JOB -> List.of(CRON_JOB);
      default -> List.of();
    };
  }

  /**
   * The kind of {@code object}'s controller (its owner reference with {@code controller: true}),
   * when that controller is one of {@link #templateOwners()}: the one rule for "made from a
   * controller's template".
   */
  public Optional<WorkloadKind> templateOwnerOf(HasMetadata object) {
    return controllerOf(object)
        .flatMap(
            ref ->
                templateOwners().stream()
                    .filter(
                        owner ->
                            owner.kind().equals(ref.getKind())
                                && owner.group.equals(group(ref.getApiVersion())))
                    .findFirst());
  }

  /** {@code object}'s controller owner reference, if it has one. */
  public static Optional<OwnerReference> controllerOf(HasMetadata object) {
    List<OwnerReference> refs = object.getMetadata().getOwnerReferences();
    return refs == null
        ? Optional.empty()
        : refs.stream().filter(o -> Boolean.TRUE.equals(o.getController())).findFirst();
  }

  /** The audited kind of model class {@code type}. */
  public static Optional<WorkloadKind> of(Class<?> type) {
    return Arrays.stream(values()).filter(k -> k.type.equals(type)).findFirst();
  }

  /** The model classes of every audited kind, in declaration order. */
  public static List<Class<? extends HasMetadata>> types() {
    return Arrays.stream(values()).<Class<? extends HasMetadata>>map(WorkloadKind::type).toList();
  }

  private static String group(String apiVersion) {
    if (apiVersion == null) {
      return "";
    }
    int slash = apiVersion.indexOf('/');
    return slash < 0 ? "" : apiVersion.substring(0, slash);
  }
}
