package dev.bulwark.it.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bulwark.operator.ledger.NamespaceEvaluation;
import dev.bulwark.operator.namespace.NamespaceReconciler;
import dev.bulwark.policy.PodContent;
import dev.bulwark.testing.AuditLog;
import dev.bulwark.testing.LocalCluster;
import dev.bulwark.testing.Workloads;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.javaoperatorsdk.operator.processing.Controller;
import io.javaoperatorsdk.operator.processing.event.EventSourceManager;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.timer.TimerEventSource;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Timer;
import org.junit.jupiter.api.Test;

/**
 * Issue 12: what a reconcile and a cached object cost stays bounded. Reconciles leave no cancelled
 * timer task behind (java-operator-sdk's {@code java.util.Timer} kept one per reconcile for 10
 * hours), pods are cached as one shared content per distinct pod (issue 20) and a Deployment's
 * ReplicaSets without their spec, and informers fill their caches with paged LISTs.
 */
@LocalCluster
class ScaleBoundsIT extends OperatorTestBase {

  private static final int RECONCILES = 25;

  @Test
  void reconcilesLeaveNoCancelledTimerTasksBehind() throws Exception {
    String ns = namespace(Map.of());
    String name = "timers-" + team;
    baseline(
        name,
        """
        namespaceSelector: {matchLabels: {team: %s}}
        mode: Audit
        podSecurity: {level: restricted}
        """);
    awaitStatus(name, sb -> assertThat(sb.getStatus().namespaces.matched()).isEqualTo(1));
    Timer timer = jdkTimer(NamespaceReconciler.NAME);
    timer.purge();

    // Each label change is an event the namespace reconciler acts on (labels select baselines);
    // each reconcile records a new report, so the operator had its chance every time. Paced below
    // the reconciler's rate limit (10 per 2 s), whose delays use the same timer.
    for (int i = 0; i < RECONCILES; i++) {
      NamespaceEvaluation before = report(ns);
      mergePatch(
          client.namespaces().withName(ns),
          "{\"metadata\":{\"labels\":{\"bench-step\":\"s" + i + "\"}}}");
      await().atMost(Duration.ofSeconds(30)).until(() -> report(ns) != before);
      Thread.sleep(250);
    }

    assertThat(timer.purge())
        .as("cancelled timer tasks left in java-operator-sdk's timer")
        .isLessThan(2);
  }

  @Test
  void podsAreCachedAsOneSharedContentAndADeploymentsReplicaSetWithoutItsSpec() {
    String ns = namespace(Map.of());
    Deployment deployment = client.resource(Workloads.restricted(ns, "web")).create();
    ReplicaSet rs =
        client
            .resource(
                new ReplicaSetBuilder()
                    .withNewMetadata()
                    .withName("web-1")
                    .withNamespace(ns)
                    .withOwnerReferences(controller(deployment))
                    .endMetadata()
                    .withNewSpec()
                    .withSelector(deployment.getSpec().getSelector())
                    .withTemplate(deployment.getSpec().getTemplate())
                    .endSpec()
                    .build())
            .create();
    client
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName("web-1-abc")
                .withNamespace(ns)
                .withLabels(deployment.getSpec().getTemplate().getMetadata().getLabels())
                .withOwnerReferences(controller(rs))
                .endMetadata()
                .withSpec(deployment.getSpec().getTemplate().getSpec())
                .build())
        .create();
    client
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName("bare")
                .withNamespace(ns)
                .endMetadata()
                .withSpec(deployment.getSpec().getTemplate().getSpec())
                .build())
        .create();

    InformerEventSource<Pod, Namespace> pods = informer(Pod.class);
    InformerEventSource<ReplicaSet, Namespace> replicaSets = informer(ReplicaSet.class);
    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () -> assertThat(pods.list(ns).map(p -> p.getMetadata().getName())).hasSize(2));
    Pod owned =
        pods.list(ns)
            .filter(p -> p.getMetadata().getName().equals("web-1-abc"))
            .findFirst()
            .orElseThrow();
    Pod bare =
        pods.list(ns)
            .filter(p -> p.getMetadata().getName().equals("bare"))
            .findFirst()
            .orElseThrow();
    assertThat(owned.getSpec())
        .as("cached spec of a pod its ReplicaSet made")
        .isInstanceOf(PodContent.class);
    assertThat(bare.getSpec())
        .as("cached spec of a bare pod running the same thing")
        .isSameAs(owned.getSpec());
    assertThat(owned.getStatus()).isNull();
    assertThat(owned.getMetadata().getOwnerReferences()).hasSize(1);
    assertThat(bare.getStatus()).as("cached status of a bare pod").isNull();
    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () -> assertThat(replicaSets.list(ns).findFirst().orElseThrow().getSpec()).isNull());
  }

  @Test
  void aPodWhoseReplicaSetIsNotInTheCacheIsAuditedOnItsOwn() {
    String ns = namespace(Map.of());
    // A ReplicaSet that never existed: no template stands for the pod, so it is judged by its own
    // content. The finalizer keeps the pod should a garbage collector run and delete it.
    client
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName("orphan-1-abc")
                .withNamespace(ns)
                .withFinalizers("bulwark.dev/test-hold")
                .withOwnerReferences(
                    new OwnerReferenceBuilder()
                        .withApiVersion("apps/v1")
                        .withKind("ReplicaSet")
                        .withName("orphan-1")
                        .withUid(java.util.UUID.randomUUID().toString())
                        .withController(true)
                        .build())
                .endMetadata()
                .withSpec(Workloads.privileged(ns, "x").getSpec().getTemplate().getSpec())
                .build())
        .create();
    try {
      String name = "orphans-" + team;
      baseline(
          name,
          """
          namespaceSelector: {matchLabels: {team: %s}}
          mode: Audit
          podSecurity: {level: baseline}
          """);
      awaitStatus(
          name,
          sb ->
              assertThat(sb.getStatus().violations.top())
                  .extracting(v -> v.kind() + "/" + v.name())
                  .contains("Pod/orphan-1-abc"));
    } finally {
      mergePatch(
          client.pods().inNamespace(ns).withName("orphan-1-abc"),
          "{\"metadata\":{\"finalizers\":null}}");
    }
  }

  @Test
  void informersListPodsInPages() {
    List<AuditLog.Request> podLists =
        AuditLog.read(cluster.plane().auditLog()).stream()
            .filter(r -> r.verb().equals("list") && r.resource().equals("pods"))
            .filter(r -> r.namespace().isEmpty())
            .toList();
    assertThat(podLists).as("LISTs of pods in all namespaces").isNotEmpty();
    assertThat(podLists)
        .extracting(AuditLog.Request::requestUri)
        .allSatisfy(uri -> assertThat(uri).contains("limit=500"));
  }

  private static NamespaceEvaluation report(String ns) {
    return operator.evaluations().stream()
        .filter(r -> r.namespace().equals(ns))
        .findFirst()
        .orElse(null);
  }

  private static io.fabric8.kubernetes.api.model.OwnerReference controller(HasMetadata owner) {
    return new OwnerReferenceBuilder()
        .withApiVersion(owner.getApiVersion())
        .withKind(owner.getKind())
        .withName(owner.getMetadata().getName())
        .withUid(owner.getMetadata().getUid())
        .withController(true)
        .build();
  }

  @SuppressWarnings("unchecked")
  private static EventSourceManager<Namespace> namespaceEventSources() {
    Controller<Namespace> controller =
        (Controller<Namespace>)
            operator.runtimeInfo().getRegisteredController(NamespaceReconciler.NAME);
    return controller.getEventSourceManager();
  }

  @SuppressWarnings("unchecked")
  private static <R extends HasMetadata> InformerEventSource<R, Namespace> informer(Class<R> kind) {
    return (InformerEventSource<R, Namespace>)
        namespaceEventSources().getEventSourceFor(kind, HasMetadata.getPlural(kind));
  }

  /** java-operator-sdk's retry and reschedule timer of the controller named {@code name}. */
  private static Timer jdkTimer(String name) throws Exception {
    EventSourceManager<Namespace> manager = namespaceEventSources();
    Method retry = EventSourceManager.class.getDeclaredMethod("retryEventSource");
    retry.setAccessible(true);
    TimerEventSource<?> source = (TimerEventSource<?>) retry.invoke(manager);
    Field timer = TimerEventSource.class.getDeclaredField("timer");
    timer.setAccessible(true);
    return (Timer) timer.get(source);
  }
}
