package dev.bulwark.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives a test class a real kube-apiserver + etcd on loopback, shared by every class in the run;
 * inject {@link TestCluster} to reach it.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(LocalClusterExtension.class)
public @interface LocalCluster {

  /** Also run kube-controller-manager (garbage collection, namespace deletion, default SAs). */
  boolean controllerManager() default false;

  /**
   * Also run, for this class only, the controllers that make pods from workloads (ReplicaSet,
   * Deployment, StatefulSet, DaemonSet, Job, CronJob: {@code
   * LocalControlPlane.WORKLOAD_CONTROLLERS}) in a kube-controller-manager of their own, started
   * before the class and stopped after it, so other classes' hand-made ReplicaSets and pods are
   * never touched by them.
   */
  boolean workloadControllers() default false;
}
