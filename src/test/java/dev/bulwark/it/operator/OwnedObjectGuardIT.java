package dev.bulwark.it.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.bulwark.testing.LocalCluster;
import dev.bulwark.testing.RunningOperator;
import dev.bulwark.testing.Tenants;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/**
 * Issue 21, behaviour 1: a namespace admin (the rights of the {@code admin} ClusterRole in the
 * namespace, through the real RBAC authorizer), and even a cluster admin who is not named
 * break-glass, cannot change or delete what an Enforce baseline owns there: the generated
 * ValidatingAdmissionPolicies refuse it inside the API server, naming the baseline and the proper
 * way. What the tenant owns stays theirs. Break-glass subjects are let through, and the operator
 * repairs what they change.
 */
@LocalCluster
class OwnedObjectGuardIT extends OperatorTestBase {

  private static final String SPEC =
      """
      namespaceSelector: {matchLabels: {team: %s}}
      podSecurity: {level: baseline}
      network: {defaultDeny: [Ingress, Egress]}
      serviceAccounts: {automountToken: false}
      resources:
        quota: {hard: {pods: "20"}}
        limitRange: {default: {cpu: 500m}}
      """;

  @Test
  void aNamespaceAdminCannotChangeOrDeleteWhatTheBaselineOwns() {
    String ns = namespace(Map.of());
    String name = "guard-" + team;
    ensureDefaultAccount(ns);
    baseline(name, SPEC);
    awaitOwnedObjects(ns, name);
    List<String> before = ownedVersions(ns);

    try (KubernetesClient tenant = Tenants.admin(cluster, ns, "alice-" + team)) {
      Resource<NetworkPolicy> denyAll =
          tenant.network().networkPolicies().inNamespace(ns).withName("bulwark-default-deny");
      // The API server's admission plugin picks new bindings up from its informer.
      await()
          .atMost(CONVERGE)
          .untilAsserted(
              () ->
                  assertRefused(
                      () -> denyAll.dryRun().patch(MERGE, "{\"spec\":{\"podSelector\":{}}}"),
                      name));

      assertRefused(
          () ->
              denyAll.patch(MERGE, "{\"spec\":{\"podSelector\":{\"matchLabels\":{\"x\":\"y\"}}}}"),
          name);
      assertRefused(denyAll::delete, name);
      assertRefused(
          () ->
              denyAll.patch(
                  MERGE, "{\"metadata\":{\"labels\":{\"app.kubernetes.io/managed-by\":null}}}"),
          name);
      // Namespace admins may not change quotas and limit ranges at all (RBAC); someone who may,
      // even a cluster admin, is refused all the same unless named break-glass.
      try (KubernetesClient root = Tenants.as(cluster, "root-" + team, "system:masters")) {
        assertRefused(
            () ->
                root.resourceQuotas()
                    .inNamespace(ns)
                    .withName("bulwark-quota")
                    .patch(MERGE, "{\"spec\":{\"hard\":{\"pods\":\"1000\"}}}"),
            name);
        assertRefused(
            () -> root.limitRanges().inNamespace(ns).withName("bulwark-limits").delete(), name);
        assertRefused(
            () ->
                root.network()
                    .networkPolicies()
                    .inNamespace(ns)
                    .withName("bulwark-allow-dns")
                    .delete(),
            name);
      }
      assertThatThrownBy(
              () ->
                  tenant
                      .serviceAccounts()
                      .inNamespace(ns)
                      .withName("default")
                      .patch(MERGE, "{\"automountServiceAccountToken\":true}"))
          .isInstanceOfSatisfying(
              KubernetesClientException.class,
              e -> {
                assertThat(e.getCode()).isEqualTo(403);
                assertThat(e.getMessage())
                    .contains("automountServiceAccountToken is kept at false")
                    .contains("SecurityBaseline " + name)
                    .contains("kubectl edit securitybaseline " + name);
              });

      // What is the tenant's stays the tenant's.
      tenant
          .serviceAccounts()
          .inNamespace(ns)
          .withName("default")
          .patch(MERGE, "{\"metadata\":{\"labels\":{\"owner\":\"alice\"}}}");
      tenant
          .serviceAccounts()
          .inNamespace(ns)
          .resource(
              new ServiceAccountBuilder()
                  .withNewMetadata()
                  .withName("worker")
                  .endMetadata()
                  .build())
          .create();
      tenant
          .serviceAccounts()
          .inNamespace(ns)
          .withName("worker")
          .patch(MERGE, "{\"automountServiceAccountToken\":true}");
      tenant.serviceAccounts().inNamespace(ns).withName("worker").delete();
      NetworkPolicy own =
          tenant
              .network()
              .networkPolicies()
              .inNamespace(ns)
              .resource(
                  new NetworkPolicyBuilder()
                      .withNewMetadata()
                      .withName("web-from-frontend")
                      .endMetadata()
                      .withNewSpec()
                      .withNewPodSelector()
                      .addToMatchLabels("app", "web")
                      .endPodSelector()
                      .withPolicyTypes("Ingress")
                      .addNewIngress()
                      .addNewFrom()
                      .withNewPodSelector()
                      .addToMatchLabels("app", "frontend")
                      .endPodSelector()
                      .endFrom()
                      .endIngress()
                      .endSpec()
                      .build())
              .create();
      tenant.resource(own).delete();
    }
    assertThat(ownedVersions(ns)).as("Bulwark's objects, untouched").isEqualTo(before);
    assertThat(client.serviceAccounts().inNamespace(ns).withName("default").get())
        .extracting(ServiceAccount::getAutomountServiceAccountToken)
        .isEqualTo(false);
  }

  @Test
  void breakGlassSubjectsAreLetThroughAndTheOperatorPutsItsVersionBack() {
    String ns = namespace(Map.of());
    String name = "glass-" + team;
    ensureDefaultAccount(ns);
    baseline(name, SPEC);
    awaitOwnedObjects(ns, name);

    ValidatingAdmissionPolicy guard =
        client
            .admissionRegistration()
            .v1()
            .validatingAdmissionPolicies()
            .withName("bulwark-" + name + "-owned-objects")
            .get();
    assertThat(guard).as("the generated guard policy").isNotNull();
    assertThat(guard.getSpec().getMatchConditions())
        .filteredOn(c -> "not-trusted-writer".equals(c.getName()))
        .singleElement()
        .satisfies(
            c ->
                assertThat(c.getExpression())
                    .as("the operator's own user, as the API server named it (SelfSubjectReview)")
                    .contains("'" + adminUser() + "'")
                    .contains("'" + RunningOperator.BREAK_GLASS_GROUP + "'"));

    try (KubernetesClient oncall =
        Tenants.as(
            cluster, "oncall-" + team, "system:masters", RunningOperator.BREAK_GLASS_GROUP)) {
      oncall
          .network()
          .networkPolicies()
          .inNamespace(ns)
          .withName("bulwark-default-deny")
          .patch(MERGE, "{\"spec\":{\"podSelector\":{\"matchLabels\":{\"x\":\"y\"}}}}");
    }
    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () ->
                assertThat(
                        client
                            .network()
                            .networkPolicies()
                            .inNamespace(ns)
                            .withName("bulwark-default-deny")
                            .get()
                            .getSpec()
                            .getPodSelector()
                            .getMatchLabels())
                    .as("repaired by the operator")
                    .isNullOrEmpty());
  }

  private static final io.fabric8.kubernetes.client.dsl.base.PatchContext MERGE =
      io.fabric8.kubernetes.client.dsl.base.PatchContext.of(
          io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE);

  /** The admin client's user name, as the API server sees it. */
  private static String adminUser() {
    return client
        .authentication()
        .v1()
        .selfSubjectReviews()
        .create(new io.fabric8.kubernetes.api.model.authentication.SelfSubjectReview())
        .getStatus()
        .getUserInfo()
        .getUsername();
  }

  static void assertRefused(ThrowingCallable write, String baseline) {
    assertThatThrownBy(write)
        .isInstanceOfSatisfying(
            KubernetesClientException.class,
            e -> {
              assertThat(e.getCode()).as(e.getMessage()).isEqualTo(403);
              assertThat(e.getMessage())
                  .contains("is owned by Bulwark")
                  .contains("SecurityBaseline " + baseline)
                  .contains("kubectl edit securitybaseline " + baseline);
            });
  }

  /** The default ServiceAccount, as the ServiceAccount controller makes it (if it runs). */
  static void ensureDefaultAccount(String ns) {
    try {
      client
          .serviceAccounts()
          .inNamespace(ns)
          .resource(
              new ServiceAccountBuilder()
                  .withNewMetadata()
                  .withName("default")
                  .endMetadata()
                  .build())
          .create();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) {
        throw e;
      }
    }
  }

  void awaitOwnedObjects(String ns, String name) {
    awaitStatus(name, sb -> assertThat(condition(sb, "Ready").getStatus()).isEqualTo("True"));
    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () -> {
              assertThat(ownedVersions(ns)).hasSize(3);
              assertThat(client.serviceAccounts().inNamespace(ns).withName("default").get())
                  .extracting(ServiceAccount::getAutomountServiceAccountToken)
                  .isEqualTo(false);
            });
  }

  static List<String> ownedVersions(String ns) {
    List<io.fabric8.kubernetes.api.model.HasMetadata> owned = new java.util.ArrayList<>();
    owned.addAll(
        client
            .network()
            .networkPolicies()
            .inNamespace(ns)
            .withLabel("app.kubernetes.io/managed-by", "bulwark")
            .list()
            .getItems()
            .stream()
            .filter(p -> p.getMetadata().getName().equals("bulwark-default-deny"))
            .toList());
    owned.addAll(client.resourceQuotas().inNamespace(ns).list().getItems());
    owned.addAll(client.limitRanges().inNamespace(ns).list().getItems());
    return versions(owned);
  }
}
