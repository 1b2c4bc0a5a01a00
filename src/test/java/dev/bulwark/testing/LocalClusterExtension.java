package dev.bulwark.testing;

import dev.bulwark.localcluster.ControlPlaneBinaries;
import dev.bulwark.localcluster.LocalControlPlane;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Starts one local control plane per test run (on first use) and stops it when the run ends; the
 * control plane's own shutdown hook covers a JVM that dies before that.
 */
public final class LocalClusterExtension
    implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

  private static final ExtensionContext.Namespace STORE =
      ExtensionContext.Namespace.create(LocalClusterExtension.class);

  @Override
  public void beforeAll(ExtensionContext context) {
    SharedPlane shared = sharedPlane(context);
    boolean wantsControllerManager =
        AnnotationSupport.findAnnotation(context.getRequiredTestClass(), LocalCluster.class)
            .map(LocalCluster::controllerManager)
            .orElse(false);
    if (wantsControllerManager) {
      shared.plane().startControllerManager();
    }
    boolean wantsWorkloadControllers =
        AnnotationSupport.findAnnotation(context.getRequiredTestClass(), LocalCluster.class)
            .map(LocalCluster::workloadControllers)
            .orElse(false);
    if (wantsWorkloadControllers) {
      AutoCloseable controllers =
          shared.plane().startControllers(LocalControlPlane.WORKLOAD_CONTROLLERS);
      context.getStore(STORE).put(WorkloadControllers.class, new WorkloadControllers(controllers));
    }
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    WorkloadControllers controllers =
        context.getStore(STORE).remove(WorkloadControllers.class, WorkloadControllers.class);
    if (controllers != null) {
      controllers.process().close();
    }
  }

  /** The class's own kube-controller-manager running the workload controllers. */
  private record WorkloadControllers(AutoCloseable process) {}

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == TestCluster.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    String owner = context.getRequiredTestClass().getSimpleName();
    return new TestCluster(sharedPlane(context).plane(), owner);
  }

  private static SharedPlane sharedPlane(ExtensionContext context) {
    return context
        .getRoot()
        .getStore(STORE)
        .getOrComputeIfAbsent(SharedPlane.class, key -> SharedPlane.start(), SharedPlane.class);
  }

  /** The run-wide control plane, closed by JUnit when the root context closes. */
  record SharedPlane(LocalControlPlane plane)
      implements ExtensionContext.Store.CloseableResource, AutoCloseable {

    static SharedPlane start() {
      String version = System.getProperty("bulwark.kube.version", "1.37.2");
      return new SharedPlane(LocalControlPlane.start(ControlPlaneBinaries.forVersion(version)));
    }

    @Override
    public void close() {
      plane.close();
    }
  }
}
