package dev.bulwark.it.multiprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bulwark.admission.GeneratedPolicies;
import dev.bulwark.api.SecurityBaseline;
import dev.bulwark.testing.LocalCluster;
import dev.bulwark.testing.OperatorProcess;
import dev.bulwark.testing.RunningOperator;
import dev.bulwark.testing.Tenants;
import dev.bulwark.testing.TestCluster;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicySpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 21, behaviour 1, with the operator stopped: its own JVM, running as a ServiceAccount of its
 * own (so the guard's operator identity is the one the API server named for that token, found by
 * SelfSubjectReview), makes an Enforce baseline's objects and guard and is SIGKILLed; then the
 * namespace's admin re-narrows, rewrites, unlabels and deletes {@code bulwark-default-deny} ten
 * times a second (the tamper loop, which won 96% of the time on main), and a cluster admin
 * who is neither the operator nor break-glass joins in. The API server refuses every attempt and
 * Bulwark's version stays in place in every sample.
 *
 * <p>{@code -Dbulwark.tamper.seconds=60} runs the full minute (default 10).
 */
@LocalCluster(controllerManager = true)
class OwnedObjectsWithoutOperatorIT {

  private static final int SECONDS = Integer.getInteger("bulwark.tamper.seconds", 10);

  private static final PatchContext MERGE = PatchContext.of(PatchType.JSON_MERGE);
  private static final PatchContext JSON = PatchContext.of(PatchType.JSON);

  @Test
  void everyTamperIsRefusedByTheApiServerWhileTheOperatorIsDown(
      TestCluster cluster, @TempDir Path dir) throws Exception {
    RunningOperator.installCrds(cluster);
    String team = "g" + UUID.randomUUID().toString().substring(0, 8);
    String operatorNs = "bulwark-" + team;
    String name = "tamper-" + team;
    String ns = cluster.createNamespace(Map.of("team", team));
    try (KubernetesClient admin = cluster.newClient()) {
      admin
          .resource(
              GeneratedPolicies.baseline(
                  name,
                  """
                  namespaceSelector: {matchLabels: {team: %s}}
                  podSecurity: {level: baseline}
                  network: {defaultDeny: [Ingress, Egress]}
                  """
                      .formatted(team)))
          .create();
      Resource<NetworkPolicy> adminView =
          admin.network().networkPolicies().inNamespace(ns).withName("bulwark-default-deny");
      String operatorUser = OperatorProcess.username(operatorNs, "guard-1");
      OperatorProcess operator = OperatorProcess.start(cluster, dir, operatorNs, "guard-1");
      try {
        await()
            .atMost(GeneratedPolicies.CONVERGE)
            .untilAsserted(
                () -> {
                  assertThat(operator.isAlive()).as(operator.output()).isTrue();
                  assertThat(adminView.get()).as("bulwark-default-deny").isNotNull();
                  SecurityBaseline live =
                      admin.resources(SecurityBaseline.class).withName(name).get();
                  assertThat(live.getStatus()).as("status of " + name).isNotNull();
                  assertThat(live.getStatus().conditions)
                      .anySatisfy(
                          c -> {
                            assertThat(c.getType()).isEqualTo("Ready");
                            assertThat(c.getStatus()).isEqualTo("True");
                          });
                });
      } finally {
        operator.kill();
      }
      assertThat(operator.isAlive()).isFalse();
      NetworkPolicySpec bulwarks = adminView.get().getSpec();
      String version = adminView.get().getMetadata().getResourceVersion();

      try (KubernetesClient tenant = Tenants.admin(cluster, ns, "owner-" + team);
          KubernetesClient root = Tenants.as(cluster, "root-" + team, "system:masters")) {
        Resource<NetworkPolicy> tenantView =
            tenant.network().networkPolicies().inNamespace(ns).withName("bulwark-default-deny");
        Resource<NetworkPolicy> rootView =
            root.network().networkPolicies().inNamespace(ns).withName("bulwark-default-deny");
        // The API server's admission plugin has the bindings once a dry run is refused. (Without
        // a guard that never comes: the loop then shows what gets through.)
        try {
          await()
              .atMost(GeneratedPolicies.CONVERGE)
              .until(() -> refused(() -> tenantView.dryRun().delete()) != null);
        } catch (ConditionTimeoutException e) {
          System.out.println("no tamper refused by a dry run within " + GeneratedPolicies.CONVERGE);
        }

        List<Runnable> tampers =
            List.of(
                () ->
                    tenantView.patch(
                        MERGE, "{\"spec\":{\"podSelector\":{\"matchLabels\":{\"x\":\"y\"}}}}"),
                () ->
                    tenantView.patch(
                        JSON, "[{\"op\":\"replace\",\"path\":\"/spec/policyTypes\",\"value\":[]}]"),
                () ->
                    tenantView.patch(
                        MERGE,
                        "{\"metadata\":{\"labels\":{\"app.kubernetes.io/managed-by\":null}}}"),
                tenantView::delete,
                () ->
                    rootView.patch(
                        MERGE, "{\"spec\":{\"podSelector\":{\"matchLabels\":{\"a\":\"b\"}}}}"),
                rootView::delete);
        int attempts = 0;
        int samples = 0;
        int inPlace = 0;
        List<String> admitted = new ArrayList<>();
        String firstMessage = null;
        Instant end = Instant.now().plusSeconds(SECONDS);
        while (Instant.now().isBefore(end)) {
          String refusal = refused(tampers.get(attempts % tampers.size()));
          if (refusal == null) {
            admitted.add("tamper " + (attempts % tampers.size()));
          } else if (firstMessage == null) {
            firstMessage = refusal;
          }
          attempts++;
          NetworkPolicy now = adminView.get();
          samples++;
          if (now != null && bulwarks.equals(now.getSpec())) {
            inPlace++;
          }
          Thread.sleep(100);
        }
        System.out.printf(
            "Operator down for %d s: %d tamper attempts, %d admitted; Bulwark's"
                + " bulwark-default-deny in place in %d of %d samples. Refusal: %s%n",
            SECONDS, attempts, admitted.size(), inPlace, samples, firstMessage);
        assertThat(admitted).as("tampers the API server let through").isEmpty();
        assertThat(inPlace).isEqualTo(samples);
        assertThat(firstMessage)
            .contains("bulwark-default-deny is owned by Bulwark")
            .contains("SecurityBaseline " + name)
            .contains("kubectl edit securitybaseline " + name);
        assertThat(adminView.get().getMetadata().getResourceVersion()).isEqualTo(version);
      }

      // The guard names the operator's ServiceAccount, as the API server named it, and every
      // generated policy was type-checked by the API server's status controller without a warning.
      ValidatingAdmissionPolicy guard = guard(admin, name);
      assertThat(trusted(guard)).contains("'" + operatorUser + "'");
      for (ValidatingAdmissionPolicy policy : generated(admin, name)) {
        assertThat(policy.getStatus())
            .as("status of " + policy.getMetadata().getName())
            .isNotNull();
        assertThat(policy.getStatus().getObservedGeneration())
            .isEqualTo(policy.getMetadata().getGeneration());
        assertThat(policy.getStatus().getTypeChecking())
            .as("type checking of " + policy.getMetadata().getName())
            .isNotNull();
        assertThat(policy.getStatus().getTypeChecking().getExpressionWarnings())
            .as("type-check warnings of " + policy.getMetadata().getName())
            .isNullOrEmpty();
      }
      admin.resources(SecurityBaseline.class).withName(name).delete();
    }
  }

  /**
   * The refusal message of {@code write} (HTTP 403 from admission), or null when it was not refused
   * (admitted, or failing otherwise, e.g. 404 once an earlier tamper deleted the object).
   */
  private static String refused(Runnable write) {
    try {
      write.run();
      return null;
    } catch (KubernetesClientException e) {
      if (e.getCode() != 403) {
        return null;
      }
      return e.getStatus() != null ? e.getStatus().getMessage() : e.getMessage();
    }
  }

  private static ValidatingAdmissionPolicy guard(KubernetesClient admin, String baseline) {
    return admin
        .admissionRegistration()
        .v1()
        .validatingAdmissionPolicies()
        .withName("bulwark-" + baseline + "-owned-objects")
        .get();
  }

  /** Every ValidatingAdmissionPolicy generated for {@code baseline}, the guard's included. */
  private static List<ValidatingAdmissionPolicy> generated(
      KubernetesClient admin, String baseline) {
    return admin
        .admissionRegistration()
        .v1()
        .validatingAdmissionPolicies()
        .withLabel("bulwark.dev/baseline", baseline)
        .list()
        .getItems();
  }

  private static String trusted(ValidatingAdmissionPolicy policy) {
    return policy.getSpec().getMatchConditions().stream()
        .filter(c -> "not-trusted-writer".equals(c.getName()))
        .findFirst()
        .orElseThrow()
        .getExpression();
  }
}
