package dev.bulwark.it.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.bulwark.api.SealedSecret;
import dev.bulwark.api.SealedSecretConditions;
import dev.bulwark.api.SecurityBaseline;
import dev.bulwark.seal.KeyPem;
import dev.bulwark.seal.SecretSealer;
import dev.bulwark.testing.GoModuleSource;
import dev.bulwark.testing.LocalCluster;
import dev.bulwark.testing.OpenReportsCrds;
import dev.bulwark.testing.TestCluster;
import dev.bulwark.testing.TestCluster.KubectlResult;
import dev.bulwark.testing.TrivyVulnerabilityReports;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The kustomize base and the Helm chart are accepted by a real API server, their pod template is
 * admitted under the restricted Pod Security level, and the RBAC they grant lets the operator do
 * its work and not much more.
 */
@LocalCluster
class DeployManifestsIT {

  private static final String NAMESPACE = "bulwark-system";
  private static final String OPERATOR_SA = "system:serviceaccount:" + NAMESPACE + ":bulwark";
  private static final String KUBE_VERSION = System.getProperty("bulwark.kube.version", "1.37.2");
  private static final Path REPO = Path.of(System.getProperty("bulwark.repo.root", "."));
  private static final Path BASE = REPO.resolve("operator");
  private static final Path CHART = REPO.resolve("deploy/helm/bulwark");
  private static final String PROMETHEUS_OPERATOR =
      "github.com/prometheus-operator/prometheus-operator";
  private static final String PROMETHEUS_OPERATOR_VERSION = "v0.85.0";

  private static TestCluster cluster;
  private static KubernetesClient admin;
  private static KubectlResult dryRun;
  private static KubectlResult realApply;

  /**
   * Dry-runs the base before anything of it exists (so every object is a genuine create, not an
   * "unchanged" that kubectl never sends), then applies it for real for the RBAC checks. Only the
   * Namespace goes first: a dry-run create cannot land in a namespace that does not exist yet.
   */
  @BeforeAll
  static void applyKustomizeBase(TestCluster testCluster) {
    cluster = testCluster;
    admin = cluster.newClient();
    // Users install the OpenReports CRDs; kubectl auth can-i needs them to know the resource.
    OpenReportsCrds.install(cluster);
    // Users install Trivy Operator, whose CRD the operator reads VulnerabilityReports through.
    TrivyVulnerabilityReports.install(admin);
    ok(cluster.kubectl("apply", "-f", BASE.resolve("namespace.yaml").toString()));
    dryRun = cluster.kubectl("apply", "-k", BASE.toString(), "--dry-run=server");
    realApply = cluster.kubectl("apply", "-k", BASE.toString());
  }

  /**
   * Removes what the base added except the Namespace and the CRDs, which other test classes in this
   * run share (deleting a namespace would also need kube-controller-manager).
   */
  @AfterAll
  static void removeKustomizeBase() {
    cluster.kubectl(
        "delete",
        "-n",
        NAMESPACE,
        "--ignore-not-found",
        "deployment/bulwark",
        "poddisruptionbudget/bulwark",
        "networkpolicy/bulwark",
        "service/bulwark-metrics",
        "serviceaccount/bulwark",
        "role/bulwark",
        "rolebinding/bulwark",
        "lease/bulwark-leader");
    cluster.kubectl(
        "delete", "--ignore-not-found", "clusterrole/bulwark", "clusterrolebinding/bulwark");
    cluster.kubectl(
        "label",
        "namespace",
        NAMESPACE,
        "pod-security.kubernetes.io/enforce-",
        "pod-security.kubernetes.io/enforce-version-",
        "pod-security.kubernetes.io/warn-",
        "pod-security.kubernetes.io/warn-version-");
    OpenReportsCrds.uninstall(cluster);
    TrivyVulnerabilityReports.uninstall(admin);
    admin.close();
  }

  @Test
  void kustomizeBaseIsAcceptedByServerSideDryRun() {
    assertThat(dryRun.exitCode()).as(dryRun.output()).isZero();
    assertThat(dryRun.output())
        .contains(
            "serviceaccount/bulwark created (server dry run)",
            "clusterrole.rbac.authorization.k8s.io/bulwark created (server dry run)",
            "clusterrolebinding.rbac.authorization.k8s.io/bulwark created (server dry run)",
            "role.rbac.authorization.k8s.io/bulwark created (server dry run)",
            "rolebinding.rbac.authorization.k8s.io/bulwark created (server dry run)",
            "deployment.apps/bulwark created (server dry run)",
            "poddisruptionbudget.policy/bulwark created (server dry run)",
            "networkpolicy.networking.k8s.io/bulwark created (server dry run)",
            "customresourcedefinition.apiextensions.k8s.io/securitybaselines.bulwark.dev",
            "customresourcedefinition.apiextensions.k8s.io/sealedsecrets.bulwark.dev",
            "customresourcedefinition.apiextensions.k8s.io/vulnerableimagesets.bulwark.dev")
        // The API server warns when a Deployment's pods would break the namespace's level.
        .doesNotContain("would violate PodSecurity");
  }

  @Test
  void kustomizeBaseAppliesForReal() {
    assertThat(realApply.exitCode()).as(realApply.output()).isZero();
    assertThat(realApply.output()).doesNotContain("would violate PodSecurity");
    Deployment deployment =
        admin.apps().deployments().inNamespace(NAMESPACE).withName("bulwark").get();
    assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
    assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs())
        .containsExactly(
            "operator",
            "--namespace",
            "$(BULWARK_NAMESPACE)",
            "--leader-election",
            "--http-port=8080",
            "--metrics-auth");
    ok(
        cluster.kubectl(
            "wait",
            "--for=condition=Established",
            "--timeout=60s",
            "crd/securitybaselines.bulwark.dev",
            "crd/sealedsecrets.bulwark.dev",
            "crd/vulnerableimagesets.bulwark.dev"));
  }

  /**
   * The operator's pod is admitted in its own namespace, whose restricted level comes from the
   * base; a weakened copy is refused there, so the first result is not a namespace that admits
   * anything.
   */
  @Test
  void kustomizePodTemplateIsAdmittedUnderRestrictedPodSecurity() {
    assertThat(realApply.exitCode()).as(realApply.output()).isZero();
    Deployment deployment =
        only(Deployment.class, load(ok(cluster.kubectl("kustomize", BASE.toString()))));
    assertPodAdmittedAndWeakenedCopyRefused(deployment, NAMESPACE);
  }

  /**
   * What the operator must be able to do (yes) and a sample of what it must not (no), asked of the
   * API server's own authorizer by impersonating the operator's ServiceAccount.
   */
  @ParameterizedTest(name = "{0} {1} {2} -> {3}")
  @CsvSource({
    // Namespace reconciler: Pod Security labels, their preview and restore.
    "patch, namespaces, , yes",
    "watch, namespaces, , yes",
    "create, namespaces, , no",
    "delete, namespaces, , no",
    // Baselines and SealedSecrets: read the spec, write only status.
    "watch, securitybaselines.bulwark.dev, , yes",
    "patch, securitybaselines.bulwark.dev/status, , yes",
    "patch, securitybaselines.bulwark.dev, , no",
    "delete, securitybaselines.bulwark.dev, , no",
    "patch, sealedsecrets.bulwark.dev/status, -A, yes",
    "update, sealedsecrets.bulwark.dev, -A, no",
    // Owned objects in governed namespaces.
    "create, networkpolicies.networking.k8s.io, -A, yes",
    "delete, networkpolicies.networking.k8s.io, -A, yes",
    "patch, resourcequotas, -A, yes",
    "delete, limitranges, -A, yes",
    "patch, serviceaccounts, -A, yes",
    "create, serviceaccounts, -A, no",
    // Generated admission policies (cluster-scoped), replaced when edited.
    "create, validatingadmissionpolicies.admissionregistration.k8s.io, , yes",
    "patch, validatingadmissionpolicies.admissionregistration.k8s.io, , yes",
    "update, validatingadmissionpolicies.admissionregistration.k8s.io, , no",
    "watch, validatingadmissionpolicybindings.admissionregistration.k8s.io, , yes",
    "delete, validatingadmissionpolicybindings.admissionregistration.k8s.io, , yes",
    "create, mutatingwebhookconfigurations.admissionregistration.k8s.io, , no",
    // Generated MutatingAdmissionPolicies (spec.defaults.admission): read always, written only
    // with the opt-in rights (issue 26, item 7; see chartGrantsMutatingAdmissionPolicyWrites...).
    "watch, mutatingadmissionpolicies.admissionregistration.k8s.io, , yes",
    "list, mutatingadmissionpolicybindings.admissionregistration.k8s.io, , yes",
    "create, mutatingadmissionpolicybindings.admissionregistration.k8s.io, , no",
    "patch, mutatingadmissionpolicies.admissionregistration.k8s.io, , no",
    "delete, mutatingadmissionpolicies.admissionregistration.k8s.io, , no",
    "create, validatingwebhookconfigurations.admissionregistration.k8s.io, , no",
    // Audit only.
    "list, pods, -A, yes",
    "watch, replicationcontrollers, -A, yes",
    "patch, replicationcontrollers, -A, no",
    "watch, cronjobs.batch, -A, yes",
    "list, replicasets.apps, -A, yes",
    "watch, clusterrolebindings.rbac.authorization.k8s.io, , yes",
    "create, pods, -A, no",
    "patch, deployments.apps, -A, no",
    "create, rolebindings.rbac.authorization.k8s.io, -A, no",
    "create, clusterrolebindings.rbac.authorization.k8s.io, , no",
    "bind, clusterroles.rbac.authorization.k8s.io, , no",
    "escalate, clusterroles.rbac.authorization.k8s.io, , no",
    "impersonate, serviceaccounts, -A, no",
    // Sealed secrets: unsealed Secrets everywhere, never replaced wholesale.
    "list, secrets, -A, yes",
    "create, secrets, -A, yes",
    "delete, secrets, -A, yes",
    "update, secrets, -A, no",
    "create, events, -A, yes",
    // OpenReports Reports: listed at start and watched (one another writer changed is written
    // again), applied, deleted on release; never updated wholesale.
    "list, reports.openreports.io, -A, yes",
    "watch, reports.openreports.io, -A, yes",
    "create, reports.openreports.io, -A, yes",
    "patch, reports.openreports.io, -A, yes",
    "delete, reports.openreports.io, -A, yes",
    "update, reports.openreports.io, -A, no",
    "delete, clusterreports.openreports.io, , no",
    // Its own user name for the owned-object guard (SelfSubjectReview).
    "create, selfsubjectreviews.authentication.k8s.io, , yes",
    // Trivy Operator's VulnerabilityReports: read by an informer, never written.
    "list, vulnerabilityreports.aquasecurity.github.io, -A, yes",
    "watch, vulnerabilityreports.aquasecurity.github.io, -A, yes",
    "patch, vulnerabilityreports.aquasecurity.github.io, -A, no",
    "delete, vulnerabilityreports.aquasecurity.github.io, -A, no",
    // The imageVulnerabilities policy's parameter objects (cluster-scoped).
    "watch, vulnerableimagesets.bulwark.dev, , yes",
    "create, vulnerableimagesets.bulwark.dev, , yes",
    "patch, vulnerableimagesets.bulwark.dev, , yes",
    "delete, vulnerableimagesets.bulwark.dev, , yes",
    "update, vulnerableimagesets.bulwark.dev, , no",
    // Authentication of /metrics (TokenReview, then SubjectAccessReview).
    "create, tokenreviews.authentication.k8s.io, , yes",
    "create, subjectaccessreviews.authorization.k8s.io, , yes",
    // Own namespace only: leader election and the published certificate.
    "update, leases.coordination.k8s.io, -n bulwark-system, yes",
    "patch, leases.coordination.k8s.io, -n bulwark-system, yes",
    "create, leases.coordination.k8s.io, -n bulwark-system, yes",
    "create, leases.coordination.k8s.io, -n default, no",
    "patch, configmaps, -n bulwark-system, yes",
    "patch, configmaps, -n default, no",
    // Nothing of the cluster's own.
    "delete, nodes, , no",
    "get, nodes, , no",
    "create, customresourcedefinitions.apiextensions.k8s.io, , no",
  })
  void operatorServiceAccountMayDoWhatTheOperatorNeeds(
      String verb, String resource, String scope, String expected) {
    assertThat(realApply.exitCode()).as(realApply.output()).isZero();
    awaitAuthorizerSeesTheBindings();
    List<String> args = new ArrayList<>(List.of("auth", "can-i", verb));
    String[] resourceAndSubresource = resource.split("/", 2);
    args.add(resourceAndSubresource[0]);
    if (resourceAndSubresource.length == 2) {
      args.add("--subresource=" + resourceAndSubresource[1]);
    }
    if (scope != null) {
      args.addAll(List.of(scope.split(" ")));
    }
    args.add("--as=" + OPERATOR_SA);
    KubectlResult answer = cluster.kubectl(args.toArray(String[]::new));
    // A misspelt resource still gets an answer ("no"), with this warning: refuse it.
    assertThat(answer.output()).doesNotContain("doesn't have a resource type");
    // can-i exits 0 for yes, 1 for no, anything else on error.
    assertThat(answer.exitCode())
        .as("kubectl %s: %s", String.join(" ", args), answer.output())
        .isEqualTo("yes".equals(expected) ? 0 : 1);
  }

  /**
   * The proof that the RBAC is enough: the Deployment's own command line runs in a JVM of its own
   * with a token of the operator's ServiceAccount and nothing else, elects a leader and renews the
   * Lease, makes a sealing key, enforces a baseline and unseals a SealedSecret. A missing right
   * fails its informers at start or its writes here. (A separate process because java-operator-sdk
   * calls System.exit when a leader stops leading.)
   */
  @Test
  void operatorRunsOnTheGrantedRightsAlone(@TempDir Path tmp) throws Exception {
    assertThat(realApply.exitCode()).as(realApply.output()).isZero();
    awaitAuthorizerSeesTheBindings();
    Path kubeconfig = serviceAccountKubeconfig(tmp);
    Path log = tmp.resolve("operator.log");
    String team = "deploy" + UUID.randomUUID().toString().substring(0, 8);
    String ns = cluster.createNamespace(Map.of("team", team));
    String baselineName = "deploy-" + team;
    Process operator = startOperatorAsInTheDeployment(kubeconfig, log);
    try {
      Lease lease =
          await()
              .atMost(Duration.ofSeconds(90))
              .until(
                  () -> {
                    assertAlive(operator, log);
                    return admin.leases().inNamespace(NAMESPACE).withName("bulwark-leader").get();
                  },
                  l -> l != null && l.getSpec().getHolderIdentity() != null);
      // Renewal is a patch: a lease that is never renewed means the leader would lose it.
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertThat(
                          admin
                              .leases()
                              .inNamespace(NAMESPACE)
                              .withName("bulwark-leader")
                              .get()
                              .getSpec()
                              .getRenewTime())
                      .isAfter(lease.getSpec().getRenewTime()));

      admin
          .resource(
              Serialization.unmarshal(
                  """
                  apiVersion: bulwark.dev/v1alpha1
                  kind: SecurityBaseline
                  metadata: {name: %s}
                  spec:
                    namespaceSelector: {matchLabels: {team: %s}}
                    mode: Enforce
                    podSecurity: {level: restricted, version: latest}
                    network: {defaultDeny: [Ingress, Egress], allowDNS: true}
                    serviceAccounts: {automountToken: false}
                  """
                      .formatted(baselineName, team),
                  SecurityBaseline.class))
          .create();
      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(
              () -> {
                assertAlive(operator, log);
                assertThat(admin.namespaces().withName(ns).get().getMetadata().getLabels())
                    .containsEntry("pod-security.kubernetes.io/enforce", "restricted");
                assertThat(
                        admin.network().networkPolicies().inNamespace(ns).list().getItems().stream()
                            .map(policy -> policy.getMetadata().getName()))
                    .contains("bulwark-default-deny");
                SecurityBaseline baseline =
                    admin.resources(SecurityBaseline.class).withName(baselineName).get();
                assertThat(baseline.getStatus()).isNotNull();
                assertThat(baseline.getStatus().conditions)
                    .extracting(Condition::getType, Condition::getStatus)
                    .contains(tuple("Ready", "True"));
              });

      String pem =
          await()
              .atMost(Duration.ofSeconds(60))
              .until(
                  () ->
                      Optional.ofNullable(
                              admin
                                  .configMaps()
                                  .inNamespace(NAMESPACE)
                                  .withName("bulwark-sealing-certificate")
                                  .get())
                          .map(ConfigMap::getData)
                          .map(data -> data.get("cert.pem"))
                          .orElse(null),
                  data -> data != null);
      RSAPublicKey key =
          (RSAPublicKey) KeyPem.readCertificate(pem, "sealing certificate").getPublicKey();
      Secret plain =
          new SecretBuilder()
              .withNewMetadata()
              .withName("db")
              .withNamespace(ns)
              .endMetadata()
              .withStringData(Map.of("password", "s3cret"))
              .build();
      admin.resource(new SecretSealer(key).seal(plain, Optional.empty())).create();
      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(
              () -> {
                assertAlive(operator, log);
                Secret unsealed = admin.secrets().inNamespace(ns).withName("db").get();
                assertThat(unsealed).isNotNull();
                assertThat(unsealed.getData())
                    .containsEntry(
                        "password",
                        Base64.getEncoder()
                            .encodeToString("s3cret".getBytes(StandardCharsets.UTF_8)));
                SealedSecret sealed =
                    admin.resources(SealedSecret.class).inNamespace(ns).withName("db").get();
                assertThat(sealed.getStatus()).isNotNull();
                assertThat(sealed.getStatus().getConditions())
                    .extracting(Condition::getType, Condition::getStatus)
                    .contains(tuple(SealedSecretConditions.SYNCED, "True"));
              });
      // Its endpoints: ready as the leader, and /metrics authenticated with the granted rights
      // (the operator's own token may not read /metrics: 403, where missing RBAC would be 503).
      int port =
          await()
              .atMost(Duration.ofSeconds(30))
              .until(() -> httpPort(Files.readString(log)), p -> p > 0);
      HttpClient http = HttpClient.newHttpClient();
      URI base = URI.create("http://127.0.0.1:" + port);
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertThat(
                          http.send(
                                  HttpRequest.newBuilder(base.resolve("/readyz")).build(),
                                  BodyHandlers.ofString())
                              .statusCode())
                      .isEqualTo(200));
      assertThat(
              http.send(
                      HttpRequest.newBuilder(base.resolve("/metrics")).build(),
                      BodyHandlers.ofString())
                  .statusCode())
          .isEqualTo(401);
      String ownToken =
          ok(cluster.kubectl("create", "token", "bulwark", "-n", NAMESPACE, "--duration=1h"))
              .strip();
      assertThat(
              http.send(
                      HttpRequest.newBuilder(base.resolve("/metrics"))
                          .header("Authorization", "Bearer " + ownToken)
                          .build(),
                      BodyHandlers.ofString())
                  .statusCode())
          .isEqualTo(403);
      assertThat(Files.readString(log)).doesNotContain("forbidden");
    } finally {
      operator.destroy();
      if (!operator.waitFor(20, TimeUnit.SECONDS)) {
        operator.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
      admin.resources(SecurityBaseline.class).withName(baselineName).delete();
    }
  }

  @Test
  void chartRendersAndIsAcceptedByServerSideDryRun(@TempDir Path tmp) {
    String ns = restrictedNamespace();
    Path rendered = render(tmp, "bulwark-chart", ns);
    KubectlResult applied = cluster.kubectl("apply", "--dry-run=server", "-f", rendered.toString());
    assertThat(applied.exitCode()).as(applied.output()).isZero();
    assertThat(applied.output())
        .contains(
            "serviceaccount/bulwark-chart created (server dry run)",
            "clusterrole.rbac.authorization.k8s.io/bulwark-chart created (server dry run)",
            "clusterrolebinding.rbac.authorization.k8s.io/bulwark-chart created (server dry run)",
            "role.rbac.authorization.k8s.io/bulwark-chart created (server dry run)",
            "rolebinding.rbac.authorization.k8s.io/bulwark-chart created (server dry run)",
            "deployment.apps/bulwark-chart created (server dry run)",
            "poddisruptionbudget.policy/bulwark-chart created (server dry run)",
            "networkpolicy.networking.k8s.io/bulwark-chart created (server dry run)",
            "customresourcedefinition.apiextensions.k8s.io/securitybaselines.bulwark.dev",
            "customresourcedefinition.apiextensions.k8s.io/sealedsecrets.bulwark.dev",
            "customresourcedefinition.apiextensions.k8s.io/vulnerableimagesets.bulwark.dev")
        .doesNotContain("would violate PodSecurity");
  }

  /** The branches the defaults do not take render to objects the API server accepts too. */
  @Test
  void chartWithNonDefaultValuesIsAcceptedByServerSideDryRun(@TempDir Path tmp) {
    String ns = restrictedNamespace();
    Path rendered =
        render(
            tmp,
            "single",
            ns,
            "--set",
            "replicaCount=1,leaderElection.enabled=false,podDisruptionBudget.enabled=false",
            "--set",
            "image.repository=registry.example/bulwark,image.digest=sha256:" + "ab".repeat(32),
            "--set",
            "networkPolicy.dns.enabled=false,networkPolicy.apiServer.cidrs={10.0.0.1/32}",
            "--set",
            "podSecurityContext.runAsUser=null,podSecurityContext.runAsGroup=null",
            "--set",
            "priorityClassName=system-cluster-critical,sealing.keyRenewPeriod=30d",
            "--set",
            "rbac.workloadRemediation=true");
    KubectlResult applied = cluster.kubectl("apply", "--dry-run=server", "-f", rendered.toString());
    assertThat(applied.exitCode()).as(applied.output()).isZero();
    assertThat(applied.output()).doesNotContain("poddisruptionbudget");

    List<HasMetadata> objects = load(read(rendered));
    Deployment deployment = only(Deployment.class, objects);
    var container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(container.getImage())
        .isEqualTo("registry.example/bulwark@sha256:" + "ab".repeat(32));
    assertThat(container.getArgs()).doesNotContain("--leader-election").contains("30d");
    assertThat(only(Role.class, objects).getRules())
        .noneMatch(rule -> rule.getResources().contains("leases"));
    assertThat(only(ClusterRole.class, objects).getRules())
        .anyMatch(
            rule ->
                rule.getResources().contains("deployments")
                    && rule.getVerbs().equals(List.of("patch")));
  }

  @Test
  void chartPodTemplateIsAdmittedUnderRestrictedPodSecurity(@TempDir Path tmp) {
    String ns = restrictedNamespace();
    Deployment deployment = only(Deployment.class, load(read(render(tmp, "bulwark-chart", ns))));
    assertPodAdmittedAndWeakenedCopyRefused(deployment, ns);
  }

  /** One set of rights, whichever way Bulwark is installed. */
  @Test
  void chartGrantsExactlyTheRbacOfTheKustomizeBase(@TempDir Path tmp) {
    List<HasMetadata> base = load(ok(cluster.kubectl("kustomize", BASE.toString())));
    List<HasMetadata> chart = load(read(render(tmp, "bulwark", NAMESPACE)));
    assertThat(rules(only(ClusterRole.class, chart).getRules()))
        .isEqualTo(rules(only(ClusterRole.class, base).getRules()));
    assertThat(rules(only(Role.class, chart).getRules()))
        .isEqualTo(rules(only(Role.class, base).getRules()));
  }

  /**
   * Issue 26, item 7: the right to write MutatingAdmissionPolicies rewrites any object at admission
   * cluster-wide, so it is granted only with defaults at admission: {@code rbac.admissionDefaults}
   * in the chart, {@code rbac-admission-defaults.yaml} in a kustomize overlay. Either way of
   * installing grants the same rights in both settings (with workload remediation alike).
   */
  @Test
  void chartGrantsMutatingAdmissionPolicyWritesOnlyWithAdmissionDefaults(@TempDir Path tmp) {
    List<PolicyRule> off =
        only(ClusterRole.class, load(read(render(tmp, "off", NAMESPACE)))).getRules();
    assertThat(off)
        .filteredOn(rule -> rule.getResources().contains("mutatingadmissionpolicies"))
        .allSatisfy(rule -> assertThat(rule.getVerbs()).containsExactly("get", "list", "watch"));

    List<HasMetadata> chart =
        load(
            read(
                render(
                    tmp,
                    "on",
                    NAMESPACE,
                    "--set",
                    "rbac.admissionDefaults=true,rbac.workloadRemediation=true")));
    List<PolicyRule> on = only(ClusterRole.class, chart).getRules();
    assertThat(on)
        .anySatisfy(
            rule -> {
              assertThat(rule.getResources())
                  .containsExactly("mutatingadmissionpolicies", "mutatingadmissionpolicybindings");
              assertThat(rule.getVerbs()).containsExactly("create", "patch", "delete");
            });

    List<PolicyRule> overlay =
        new ArrayList<>(
            only(ClusterRole.class, load(ok(cluster.kubectl("kustomize", BASE.toString()))))
                .getRules());
    for (String optional :
        List.of("rbac-admission-defaults.yaml", "rbac-workload-remediation.yaml")) {
      overlay.addAll(only(ClusterRole.class, load(read(BASE.resolve(optional)))).getRules());
    }
    assertThat(rules(on).stream().sorted().toList())
        .isEqualTo(rules(overlay).stream().sorted().toList());
  }

  /**
   * Issue 26, item 6: only the monitoring namespace reaches the metrics port by default (every
   * namespace used to), in the chart and the kustomize base; the chart takes another namespace or
   * further peers as values.
   */
  @Test
  void metricsPortIsOpenToTheMonitoringNamespaceOnlyByDefault(@TempDir Path tmp) {
    List<HasMetadata> base = load(ok(cluster.kubectl("kustomize", BASE.toString())));
    List<HasMetadata> chart = load(read(render(tmp, "np", NAMESPACE)));
    for (List<HasMetadata> objects : List.of(base, chart)) {
      NetworkPolicy policy = only(NetworkPolicy.class, objects);
      assertThat(policy.getSpec().getIngress()).hasSize(1);
      assertThat(policy.getSpec().getIngress().get(0).getFrom())
          .singleElement()
          .satisfies(
              peer -> {
                assertThat(peer.getPodSelector()).isNull();
                assertThat(peer.getIpBlock()).isNull();
                assertThat(peer.getNamespaceSelector().getMatchLabels())
                    .isEqualTo(Map.of("kubernetes.io/metadata.name", "monitoring"));
              });
    }

    NetworkPolicy prometheus =
        only(
            NetworkPolicy.class,
            load(
                read(
                    render(
                        tmp,
                        "np2",
                        NAMESPACE,
                        "--set",
                        "networkPolicy.metricsNamespace=observability"))));
    assertThat(
            prometheus
                .getSpec()
                .getIngress()
                .get(0)
                .getFrom()
                .get(0)
                .getNamespaceSelector()
                .getMatchLabels())
        .isEqualTo(Map.of("kubernetes.io/metadata.name", "observability"));
    NetworkPolicy closed =
        only(
            NetworkPolicy.class,
            load(read(render(tmp, "np3", NAMESPACE, "--set", "networkPolicy.metricsNamespace="))));
    assertThat(closed.getSpec().getIngress()).isEmpty();
  }

  /**
   * Both ways of installing probe the operator's health endpoints on the port it serves, and the
   * chart's monitoring objects carry exactly the alert rules promtool tests and the dashboard the
   * dashboard test checks.
   */
  @Test
  void probesAndMonitoringObjectsMatchWhatTheOperatorServes(@TempDir Path tmp) throws Exception {
    List<HasMetadata> base = load(ok(cluster.kubectl("kustomize", BASE.toString())));
    List<HasMetadata> chart =
        load(
            read(
                render(
                    tmp,
                    "bulwark",
                    NAMESPACE,
                    "--set",
                    "prometheusRule.enabled=true",
                    "--set",
                    "metrics.serviceMonitor.enabled=true")));
    for (List<HasMetadata> objects : List.of(base, chart)) {
      var container =
          only(Deployment.class, objects).getSpec().getTemplate().getSpec().getContainers().get(0);
      assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
      assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
      assertThat(container.getPorts()).extracting(p -> p.getName()).containsExactly("http");
      assertThat(container.getArgs()).contains("--http-port=8080", "--metrics-auth");
      assertThat(
              objects.stream()
                  .filter(o -> o instanceof io.fabric8.kubernetes.api.model.Service)
                  .map(o -> o.getMetadata().getName()))
          .anyMatch(name -> name.endsWith("bulwark-metrics"));
    }
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    JsonNode rule =
        chart.stream()
            .filter(o -> "PrometheusRule".equals(o.getKind()))
            .map(o -> yaml.valueToTree(o))
            .map(JsonNode.class::cast)
            .findFirst()
            .orElseThrow();
    JsonNode tested = yaml.readTree(CHART.resolve("files/alerts.yaml").toFile());
    assertThat(rule.path("spec").path("groups")).isEqualTo(tested.path("groups"));
    assertThat(chart.stream().map(HasMetadata::getKind)).contains("ServiceMonitor");
    ConfigMap dashboard =
        chart.stream()
            .filter(o -> o instanceof ConfigMap && o.getMetadata().getName().endsWith("-dashboard"))
            .map(ConfigMap.class::cast)
            .findFirst()
            .orElseThrow();
    assertThat(dashboard.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
    assertThat(new ObjectMapper().readTree(dashboard.getData().get("bulwark.json")))
        .isEqualTo(new ObjectMapper().readTree(CHART.resolve("files/dashboard.json").toFile()));
  }

  /**
   * The chart's ServiceMonitor and PrometheusRule, and those of the kustomize monitoring component,
   * are accepted by the Prometheus Operator's own CRDs (from its Go module, installed in the test
   * API server), and the component's dashboard ConfigMap by the API server.
   */
  @Test
  void monitoringObjectsAreAcceptedByThePrometheusOperatorCrds(@TempDir Path tmp)
      throws IOException {
    Path crds =
        GoModuleSource.directory(
                PROMETHEUS_OPERATOR, PROMETHEUS_OPERATOR_VERSION, "example/prometheus-operator-crd")
            .resolve("example/prometheus-operator-crd");
    for (String crd :
        List.of(
            "monitoring.coreos.com_servicemonitors.yaml",
            "monitoring.coreos.com_prometheusrules.yaml")) {
      ok(cluster.kubectl("apply", "--server-side", "-f", crds.resolve(crd).toString()));
    }
    for (String crd : List.of("servicemonitors", "prometheusrules")) {
      ok(
          cluster.kubectl(
              "wait",
              "--for=condition=Established",
              "--timeout=60s",
              "crd/" + crd + ".monitoring.coreos.com"));
    }
    String ns = restrictedNamespace();
    Path chart =
        render(
            tmp,
            "mon",
            ns,
            "--set",
            "prometheusRule.enabled=true,metrics.serviceMonitor.enabled=true");
    KubectlResult chartApplied =
        cluster.kubectl("apply", "--dry-run=server", "-f", chart.toString());
    assertThat(chartApplied.exitCode()).as(chartApplied.output()).isZero();
    assertThat(chartApplied.output())
        .contains(
            "servicemonitor.monitoring.coreos.com/mon-bulwark created (server dry run)",
            "prometheusrule.monitoring.coreos.com/mon-bulwark created (server dry run)",
            "configmap/mon-bulwark-dashboard created (server dry run)");

    Path overlay = Files.createDirectories(tmp.resolve("overlay"));
    Files.writeString(
        overlay.resolve("kustomization.yaml"),
        "resources: ["
            + overlay.relativize(BASE.toAbsolutePath().normalize())
            + "]\ncomponents: ["
            + overlay.relativize(BASE.resolve("monitoring").toAbsolutePath().normalize())
            + "]\n");
    Path rendered = tmp.resolve("overlay.yaml");
    Files.writeString(rendered, ok(cluster.kubectl("kustomize", overlay.toString())));
    List<HasMetadata> objects = load(read(rendered));
    assertThat(objects.stream().map(HasMetadata::getKind))
        .contains("ServiceMonitor", "PrometheusRule", "ConfigMap");
    ConfigMap dashboard = only(ConfigMap.class, objects);
    assertThat(dashboard.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
    assertThat(new ObjectMapper().readTree(dashboard.getData().get("bulwark.json")))
        .isEqualTo(new ObjectMapper().readTree(CHART.resolve("files/dashboard.json").toFile()));
    KubectlResult baseApplied =
        cluster.kubectl("apply", "--dry-run=server", "-f", rendered.toString());
    assertThat(baseApplied.exitCode()).as(baseApplied.output()).isZero();
    assertThat(baseApplied.output())
        .contains(
            "servicemonitor.monitoring.coreos.com/bulwark",
            "prometheusrule.monitoring.coreos.com/bulwark",
            "configmap/bulwark-dashboard");
  }

  /** breakGlass users and groups reach the operator as flags; none by default. */
  @Test
  void chartPassesBreakGlassSubjectsAsFlags(@TempDir Path tmp) throws Exception {
    var none =
        only(Deployment.class, load(read(render(tmp, "bulwark", NAMESPACE))))
            .getSpec()
            .getTemplate()
            .getSpec()
            .getContainers()
            .get(0)
            .getArgs();
    assertThat(none).noneMatch(arg -> arg.startsWith("--break-glass"));
    var some =
        only(
                Deployment.class,
                load(
                    read(
                        render(
                            tmp,
                            "glass",
                            NAMESPACE,
                            "--set",
                            "breakGlass.users={oncall@example.com}",
                            "--set",
                            "breakGlass.groups={platform-oncall,sre}"))))
            .getSpec()
            .getTemplate()
            .getSpec()
            .getContainers()
            .get(0)
            .getArgs();
    assertThat(some)
        .contains(
            "--break-glass-user=oncall@example.com",
            "--break-glass-group=platform-oncall",
            "--break-glass-group=sre");
  }

  /** values.schema.json and the template guards turn away values that weaken the defaults. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "securityContext.readOnlyRootFilesystem=false | readOnlyRootFilesystem",
        "securityContext.allowPrivilegeEscalation=true | allowPrivilegeEscalation",
        "podSecurityContext.runAsNonRoot=false | runAsNonRoot",
        "replicaCount=0 | replicaCount",
        "replicaTypo=2 | replicaTypo",
        "sealing.keyRenewPeriod=1w | keyRenewPeriod",
        "image.digest=latest | digest",
        "leaderElection.enabled=false | needs leaderElection.enabled",
        "serviceAccount.create=false | serviceAccount.name is required",
        "breakGlass.admins={x} | admins",
      })
  void chartRejectsUnsafeOrMistypedValues(String set, String message, @TempDir Path tmp) {
    HelmResult result = helm(tmp, "template", "x", CHART.toString(), "--set", set);
    assertThat(result.exitCode()).as(result.output()).isNotZero();
    assertThat(result.output()).contains(message);
  }

  // --- helpers ---

  private static void assertPodAdmittedAndWeakenedCopyRefused(Deployment deployment, String ns) {
    var template = deployment.getSpec().getTemplate();
    String serviceAccount = template.getSpec().getServiceAccountName();
    if (admin.serviceAccounts().inNamespace(ns).withName(serviceAccount).get() == null) {
      // ServiceAccount admission refuses pods whose account does not exist, even in a dry run.
      admin
          .serviceAccounts()
          .inNamespace(ns)
          .resource(
              new ServiceAccountBuilder()
                  .withNewMetadata()
                  .withName(serviceAccount)
                  .endMetadata()
                  .build())
          .create();
    }
    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withName("admission-probe")
            .withNamespace(ns)
            .withLabels(template.getMetadata().getLabels())
            .endMetadata()
            .withSpec(template.getSpec())
            .build();
    Pod admitted = admin.resource(pod).dryRun().create();
    assertThat(admitted.getMetadata().getUid()).isNotBlank();

    Pod weakened = admin.getKubernetesSerialization().clone(pod);
    var securityContext = weakened.getSpec().getContainers().get(0).getSecurityContext();
    securityContext.setAllowPrivilegeEscalation(true);
    securityContext.setCapabilities(null);
    assertThatThrownBy(() -> admin.resource(weakened).dryRun().create())
        .isInstanceOfSatisfying(
            KubernetesClientException.class,
            e -> {
              assertThat(e.getCode()).isEqualTo(403);
              assertThat(e.getMessage()).contains("violates PodSecurity \"restricted:latest\"");
            });
  }

  /** A fresh namespace at the restricted level, as the README tells Helm users to make. */
  private static String restrictedNamespace() {
    return cluster.createNamespace(
        Map.of(
            "pod-security.kubernetes.io/enforce", "restricted",
            "pod-security.kubernetes.io/enforce-version", "latest"));
  }

  /** RBAC is granted once per authorizer cache refresh; wait for it before asking questions. */
  private static void awaitAuthorizerSeesTheBindings() {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                cluster
                        .kubectl("auth", "can-i", "patch", "namespaces", "--as=" + OPERATOR_SA)
                        .exitCode()
                    == 0);
  }

  /**
   * A kubeconfig that authenticates with a real token of the operator's ServiceAccount
   * (TokenRequest API), checked to be refused what the ServiceAccount may not do, so the operator
   * cannot be running with admin rights by mistake.
   */
  private static Path serviceAccountKubeconfig(Path tmp) throws IOException {
    String token =
        ok(cluster.kubectl("create", "token", "bulwark", "-n", NAMESPACE, "--duration=1h")).strip();
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    @SuppressWarnings("unchecked")
    Map<String, Object> config = yaml.readValue(cluster.plane().kubeconfigYaml(), Map.class);
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> users = (List<Map<String, Object>>) config.get("users");
    users.forEach(user -> user.put("user", Map.of("token", token)));
    Path file = tmp.resolve("operator-kubeconfig.yaml");
    yaml.writeValue(file.toFile(), config);
    try (KubernetesClient asOperator =
        new KubernetesClientBuilder()
            .withConfig(Config.fromKubeconfig(Files.readString(file)))
            .build()) {
      assertThatThrownBy(() -> asOperator.nodes().list())
          .isInstanceOfSatisfying(
              KubernetesClientException.class,
              e -> assertThat(e.getMessage()).contains(OPERATOR_SA).contains("forbidden"));
    }
    return file;
  }

  /**
   * Runs the container's command line from the kustomize base's Deployment in a new JVM on the test
   * classpath, expanding $(BULWARK_NAMESPACE) as the kubelet would.
   */
  private static Process startOperatorAsInTheDeployment(Path kubeconfig, Path log)
      throws IOException {
    Deployment deployment =
        only(Deployment.class, load(ok(cluster.kubectl("kustomize", BASE.toString()))));
    var container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-cp",
                System.getProperty("java.class.path"),
                "dev.bulwark.cli.Main"));
    // Any free port rather than the container's 8080, which this machine may be using.
    container.getArgs().stream()
        .map(arg -> arg.replace("$(BULWARK_NAMESPACE)", NAMESPACE))
        .map(arg -> arg.startsWith("--http-port=") ? "--http-port=0" : arg)
        .forEach(command::add);
    command.add("--kubeconfig=" + kubeconfig);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.redirectOutput(log.toFile());
    builder.environment().put("BULWARK_NAMESPACE", NAMESPACE);
    return builder.start();
  }

  /** The port the operator logged it serves on, or 0 before it has. */
  private static int httpPort(String log) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("Serving /metrics, /healthz and /readyz on [^:\\s]+:(\\d+)")
            .matcher(log);
    return m.find() ? Integer.parseInt(m.group(1)) : 0;
  }

  private static void assertAlive(Process operator, Path log) throws IOException {
    assertThat(operator.isAlive())
        .as("the operator exited; its log:%n%s", Files.readString(log))
        .isTrue();
  }

  /** {@code helm template <release> <chart> -n <ns> --include-crds} into a file. */
  private static Path render(Path tmp, String release, String ns, String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of("template", release, CHART.toString(), "--namespace", ns, "--include-crds"));
    args.addAll(List.of(extra));
    HelmResult result = helm(tmp, args.toArray(String[]::new));
    assertThat(result.exitCode()).as(result.output()).isZero();
    Path file = tmp.resolve(release + "-" + ns + ".yaml");
    try {
      Files.writeString(file, result.output());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  private record HelmResult(int exitCode, String output) {}

  /**
   * Runs the helm binary that scripts/build-helm.sh builds, rendering for the test cluster's
   * Kubernetes version, with its caches in {@code tmp} so nothing outside the test is touched.
   */
  private static HelmResult helm(Path tmp, String... args) {
    List<String> command = new ArrayList<>();
    command.add(helmBinary().toString());
    command.addAll(List.of(args));
    if ("template".equals(args[0])) {
      command.add("--kube-version=" + KUBE_VERSION);
    }
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("HELM_CACHE_HOME", tmp.resolve("helm-cache").toString());
    builder.environment().put("HELM_CONFIG_HOME", tmp.resolve("helm-config").toString());
    builder.environment().put("HELM_DATA_HOME", tmp.resolve("helm-data").toString());
    // stdout is the manifest; stderr goes to a file so warnings never land in the YAML.
    Path stderr = tmp.resolve("helm-stderr-" + UUID.randomUUID() + ".txt");
    builder.redirectError(stderr.toFile());
    try {
      Process process = builder.start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(2, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new IllegalStateException("helm timed out: " + String.join(" ", args));
      }
      int code = process.exitValue();
      return new HelmResult(code, code == 0 ? output : Files.readString(stderr) + output);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** {@code -Dbulwark.helm}, else where scripts/build-helm.sh puts it; fails naming the script. */
  private static Path helmBinary() {
    String explicit = System.getProperty("bulwark.helm");
    Path binary;
    if (explicit != null && !explicit.isBlank()) {
      binary = Path.of(explicit);
    } else {
      String version = System.getProperty("bulwark.helm.version", "v3.22.0");
      String xdg = System.getenv("XDG_CACHE_HOME");
      Path cache =
          xdg == null || xdg.isBlank()
              ? dev.bulwark.localcluster.UserHome.get().resolve(".cache")
              : Path.of(xdg);
      binary = cache.resolve("bulwark").resolve("helm-" + version).resolve("helm");
    }
    if (!Files.isExecutable(binary)) {
      throw new IllegalStateException(
          "helm not found at "
              + binary
              + ": run scripts/build-helm.sh (scripts/test.sh does) or set -Dbulwark.helm");
    }
    return binary;
  }

  private static String ok(KubectlResult result) {
    assertThat(result.exitCode()).as(result.output()).isZero();
    return result.output();
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<HasMetadata> load(String yaml) {
    return admin.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))).items();
  }

  private static <T extends HasMetadata> T only(Class<T> kind, List<HasMetadata> objects) {
    List<T> matching = objects.stream().filter(kind::isInstance).map(kind::cast).toList();
    assertThat(matching).as("%s objects", kind.getSimpleName()).hasSize(1);
    return matching.get(0);
  }

  /** Rules as plain values, so the comparison ignores nothing but object identity. */
  private static List<String> rules(List<PolicyRule> rules) {
    return rules.stream().map(Serialization::asJson).toList();
  }
}
