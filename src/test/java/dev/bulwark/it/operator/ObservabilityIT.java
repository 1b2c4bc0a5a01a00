package dev.bulwark.it.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.bulwark.api.SealedSecret;
import dev.bulwark.api.SecurityBaseline;
import dev.bulwark.operator.observe.HttpOptions;
import dev.bulwark.operator.observe.InformerCaches;
import dev.bulwark.operator.observe.MetricNames;
import dev.bulwark.seal.KeyPem;
import dev.bulwark.seal.SealingKeySecrets;
import dev.bulwark.seal.SecretSealer;
import dev.bulwark.testing.LocalCluster;
import dev.bulwark.testing.MetricsText;
import dev.bulwark.testing.RunningOperator;
import dev.bulwark.testing.TestCluster;
import dev.bulwark.testing.Workloads;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The operator's /metrics, /healthz and /readyz against the real control plane: a violation, a
 * drift repair and an unseal (and a failed one) happen, and each of Bulwark's metrics reads the
 * value the cluster's state says; /metrics is authenticated by TokenReview and authorized by
 * SubjectAccessReview with real ServiceAccount tokens; the dashboard and the alert rules name only
 * metrics that are served.
 */
@LocalCluster
class ObservabilityIT {

  private static final Duration CONVERGE = Duration.ofSeconds(60);
  private static final Path CHART_FILES =
      Path.of(System.getProperty("bulwark.repo.root", ".")).resolve("deploy/helm/bulwark/files");

  private static TestCluster cluster;
  private static RunningOperator operator;
  private static KubernetesClient client;
  private static String team;
  private static String readerToken;
  private static String deniedToken;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start(TestCluster testCluster) {
    cluster = testCluster;
    client = cluster.newClient();
    team = "obs" + UUID.randomUUID().toString().substring(0, 8);
    operator =
        RunningOperator.start(
            cluster, RunningOperator.options().withHttp(new HttpOptions("127.0.0.1", 0, true)));
    String ns = cluster.createNamespace(Map.of("purpose", "metrics-readers-" + team));
    for (String sa : new String[] {"reader", "stranger"}) {
      client
          .serviceAccounts()
          .inNamespace(ns)
          .resource(
              new ServiceAccountBuilder().withNewMetadata().withName(sa).endMetadata().build())
          .create();
    }
    client
        .rbac()
        .clusterRoles()
        .resource(
            new ClusterRoleBuilder()
                .withNewMetadata()
                .withName("metrics-reader-" + team)
                .endMetadata()
                .addNewRule()
                .withNonResourceURLs("/metrics")
                .withVerbs("get")
                .endRule()
                .build())
        .create();
    client
        .rbac()
        .clusterRoleBindings()
        .resource(
            new ClusterRoleBindingBuilder()
                .withNewMetadata()
                .withName("metrics-reader-" + team)
                .endMetadata()
                .withNewRoleRef()
                .withApiGroup("rbac.authorization.k8s.io")
                .withKind("ClusterRole")
                .withName("metrics-reader-" + team)
                .endRoleRef()
                .addNewSubject()
                .withKind("ServiceAccount")
                .withName("reader")
                .withNamespace(ns)
                .endSubject()
                .build())
        .create();
    readerToken = token("reader", ns);
    deniedToken = token("stranger", ns);
  }

  @AfterAll
  static void stop() {
    if (operator != null) {
      operator.close();
    }
    client.rbac().clusterRoleBindings().withName("metrics-reader-" + team).delete();
    client.rbac().clusterRoles().withName("metrics-reader-" + team).delete();
    client.resources(SecurityBaseline.class).withName("obs-" + team).delete();
    client.resources(SecurityBaseline.class).withName("obs-names-" + team).delete();
    client.resources(SecurityBaseline.class).withName("obs-invalid-" + team).delete();
    client.close();
  }

  private static String token(String serviceAccount, String namespace) {
    TestCluster.KubectlResult created =
        cluster.kubectl("create", "token", serviceAccount, "-n", namespace, "--duration=1h");
    assertThat(created.exitCode()).as(created.output()).isZero();
    return created.output().strip();
  }

  private static HttpResponse<String> get(String path, String token) throws Exception {
    int port = operator.httpAddress().orElseThrow().getPort();
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET();
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return HTTP.send(request.build(), BodyHandlers.ofString());
  }

  private static MetricsText scrape() throws Exception {
    HttpResponse<String> response = get("/metrics", readerToken);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return MetricsText.parse(response.body());
  }

  @Test
  void metricsNeedATokenTheApiServerAuthorizesForTheMetricsUrl() throws Exception {
    assertThat(get("/metrics", null).statusCode()).isEqualTo(401);
    assertThat(get("/metrics", "not-a-token").statusCode()).isEqualTo(401);
    HttpResponse<String> denied = get("/metrics", deniedToken);
    assertThat(denied.statusCode()).isEqualTo(403);
    assertThat(denied.body()).doesNotContain("bulwark_");
    HttpResponse<String> allowed = get("/metrics", readerToken);
    assertThat(allowed.statusCode()).isEqualTo(200);
    assertThat(allowed.body()).contains(MetricNames.LEADER);
    // Health needs no token: the kubelet has none.
    assertThat(get("/healthz", null).statusCode()).isEqualTo(200);
    assertThat(get("/readyz", null).statusCode()).isEqualTo(200);
    assertThat(get("/readyz", null).body()).isEqualTo("ok\n");
  }

  @Test
  void eachMetricReadsWhatTheClusterSays() throws Exception {
    String name = "obs-" + team;
    String ns = violatingNamespaceUnder(name, team);
    Map<String, String> of = Map.of("baseline", name);

    // A violation: the metrics equal the status, check by check.
    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () -> {
              SecurityBaseline sb = client.resources(SecurityBaseline.class).withName(name).get();
              assertThat(sb.getStatus()).isNotNull();
              assertThat(sb.getStatus().violations.total()).isPositive();
              MetricsText metrics = scrape();
              assertThat(metrics.value(MetricNames.NAMESPACES_GOVERNED, of)).isEqualTo(1);
              assertThat(metrics.value(MetricNames.NAMESPACES_COMPLIANT, of)).isZero();
              assertThat(metrics.value(MetricNames.BASELINE_READY, of)).isEqualTo(1);
              assertThat(metrics.find(MetricNames.VIOLATIONS, of)).isNotEmpty();
              sb.getStatus()
                  .violations
                  .byCheck()
                  .forEach(
                      (check, count) ->
                          assertThat(
                                  metrics.value(
                                      MetricNames.VIOLATIONS,
                                      Map.of("baseline", name, "check", check)))
                              .as(check)
                              .isEqualTo(count.doubleValue()));
              assertThat(metrics.find(MetricNames.VIOLATIONS, of))
                  .hasSize(sb.getStatus().violations.byCheck().size());
              assertThat(
                      metrics.value(
                          MetricNames.VIOLATIONS, Map.of("baseline", name, "check", "privileged")))
                  .isEqualTo(1);
              assertThat(metrics.value(MetricNames.ENFORCEMENT_ERRORS, of)).isZero();
              assertThat(metrics.value(MetricNames.DRIFT_REPAIRS, of)).isZero();
            });

    // Seconds since the last complete evaluation: from the evaluation just done, not the start.
    Instant beforeScrape = Instant.now();
    double age = scrape().value(MetricNames.LAST_EVALUATION_AGE, of);
    Instant created =
        Instant.parse(
            client
                .resources(SecurityBaseline.class)
                .withName(name)
                .get()
                .getMetadata()
                .getCreationTimestamp());
    assertThat(age).isBetween(0.0, Duration.between(created, beforeScrape).toMillis() / 1000.0 + 1);

    // A drift repair.
    client
        .network()
        .v1()
        .networkPolicies()
        .inNamespace(ns)
        .withName("bulwark-default-deny")
        .delete();
    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () -> {
              SecurityBaseline sb = client.resources(SecurityBaseline.class).withName(name).get();
              assertThat(sb.getStatus().drift.repairs()).isEqualTo(1);
              MetricsText metrics = scrape();
              assertThat(metrics.value(MetricNames.DRIFT_REPAIRS, of)).isEqualTo(1);
              assertThat(
                      metrics.value(
                          MetricNames.DRIFT_REPAIRED_OBJECTS,
                          Map.of("baseline", name, "kind", "NetworkPolicy")))
                  .isEqualTo(1);
            });

    // An unseal, and one that fails.
    MetricsText before = scrape();
    Map<String, String> unsealed = Map.of("reason", "Unsealed", "result", "success");
    Map<String, String> invalid = Map.of("reason", "InvalidEncoding", "result", "failure");
    X509Certificate certificate = sealingCertificate();
    Secret plain =
        new SecretBuilder()
            .withNewMetadata()
            .withName("db")
            .withNamespace(ns)
            .endMetadata()
            .withStringData(Map.of("password", "s3cret"))
            .build();
    client
        .resource(
            new SecretSealer((RSAPublicKey) certificate.getPublicKey())
                .seal(plain, Optional.empty()))
        .create();
    SealedSecret broken =
        Serialization.unmarshal(
            """
            apiVersion: bulwark.dev/v1alpha1
            kind: SealedSecret
            metadata: {name: broken, namespace: %s}
            spec:
              encryptedData: {password: "not base64!"}
            """
                .formatted(ns),
            SealedSecret.class);
    client.resource(broken).create();
    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () -> {
              assertThat(client.secrets().inNamespace(ns).withName("db").get()).isNotNull();
              MetricsText metrics = scrape();
              assertThat(metrics.value(MetricNames.UNSEAL_RESULTS, unsealed))
                  .isEqualTo(before.value(MetricNames.UNSEAL_RESULTS, unsealed) + 1);
              assertThat(metrics.value(MetricNames.UNSEAL_RESULTS, invalid))
                  .isGreaterThan(before.value(MetricNames.UNSEAL_RESULTS, invalid));
            });

    // SealedSecrets by the key that opened them, and the keys' ages.
    String key = keySecretName(certificate);
    Map<String, String> byKey = Map.of("key", key);
    Instant ageFrom = Instant.now();
    MetricsText metrics = scrape();
    Instant ageTo = Instant.now();
    assertThat(metrics.value(MetricNames.SEALED_SECRETS, byKey))
        .isEqualTo(before.valueOrZero(MetricNames.SEALED_SECRETS, byKey) + 1);
    Instant notBefore = certificate.getNotBefore().toInstant();
    assertThat(metrics.value(MetricNames.SEALING_KEY_AGE, byKey))
        .isBetween(
            Duration.between(notBefore, ageFrom).toMillis() / 1000.0 - 1,
            Duration.between(notBefore, ageTo).toMillis() / 1000.0 + 1);
    // Every active key that loads has an age (a refused key Secret has none).
    assertThat(metrics.find(MetricNames.SEALING_KEY_AGE, Map.of()).size())
        .isBetween(1, activeKeySecrets().size());

    // Leader, and the informer caches' sizes as the API server counts the objects.
    assertThat(metrics.value(MetricNames.LEADER, Map.of())).isEqualTo(1);
    assertThat(
            metrics.value(
                MetricNames.INFORMER_CACHE_SIZE,
                Map.of("controller", InformerCaches.SEALING_KEYS, "source", "secrets")))
        .isEqualTo(
            client.secrets().inNamespace(RunningOperator.NAMESPACE).list().getItems().size());
    int baselines = client.resources(SecurityBaseline.class).list().getItems().size();
    assertThat(
            metrics.find(
                MetricNames.INFORMER_CACHE_SIZE, Map.of("controller", "bulwark-baselines")))
        .extracting(MetricsText.Sample::value)
        .contains((double) baselines);
    // No label names a pod or a namespace.
    metrics.samples().stream()
        .filter(s -> s.name().startsWith("bulwark_"))
        .forEach(s -> assertThat(s.labels()).doesNotContainKeys("pod", "namespace"));
    // java-operator-sdk's reconcile metrics are there too.
    assertThat(metrics.names()).anyMatch(n -> n.startsWith("operator_sdk_"));
  }

  @Test
  void aNamespaceLeftOutOfLineCountsAsAnEnforcementErrorAndTheBaselineIsNotReady()
      throws Exception {
    String name = "obs-invalid-" + team;
    cluster.createNamespace(Map.of("team", team + "i"));
    // Accepted by the CRD, refused by Bulwark's own validation: the namespace it selects cannot
    // be brought in line, so each of its reconciles reports a problem.
    client
        .resource(
            Serialization.unmarshal(
                """
                apiVersion: bulwark.dev/v1alpha1
                kind: SecurityBaseline
                metadata: {name: %s}
                spec:
                  namespaceSelector: {matchLabels: {team: %s}}
                  mode: Enforce
                  resources: {quota: {hard: {pods: "-1"}}}
                """
                    .formatted(name, team + "i"),
                SecurityBaseline.class))
        .create();
    Map<String, String> of = Map.of("baseline", name);
    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () -> {
              MetricsText metrics = scrape();
              assertThat(metrics.value(MetricNames.ENFORCEMENT_ERRORS, of)).isGreaterThan(0);
              assertThat(metrics.value(MetricNames.BASELINE_READY, of)).isZero();
            });
  }

  @Test
  void dashboardAndAlertRulesNameOnlyServedMetrics() throws Exception {
    // The served names once a baseline with violations has been reconciled.
    String name = "obs-names-" + team;
    violatingNamespaceUnder(name, team + "n");
    await()
        .atMost(CONVERGE)
        .until(
            () ->
                !scrape().find(MetricNames.VIOLATIONS, Map.of("baseline", name)).isEmpty()
                    && scrape().names().stream().anyMatch(n -> n.startsWith("operator_sdk_")));
    Set<String> served = scrape().names();
    Set<String> used = new TreeSet<>();
    JsonNode dashboard =
        new ObjectMapper().readTree(CHART_FILES.resolve("dashboard.json").toFile());
    dashboard.findValues("expr").forEach(expr -> used.addAll(metricNames(expr.asText())));
    JsonNode rules =
        new ObjectMapper(new YAMLFactory()).readTree(CHART_FILES.resolve("alerts.yaml").toFile());
    rules.findValues("expr").forEach(expr -> used.addAll(metricNames(expr.asText())));
    assertThat(used).isNotEmpty();
    assertThat(served).containsAll(used);
  }

  /**
   * A namespace labelled team={@code label} holding a privileged Deployment, governed by a new
   * Enforce baseline {@code name}; the Deployment exists first, so it is audited, not refused.
   */
  private static String violatingNamespaceUnder(String name, String label) {
    String ns = cluster.createNamespace(Map.of("team", label));
    // A workload that exists before the baseline: audited, not rejected by admission.
    client.apps().deployments().inNamespace(ns).resource(Workloads.privileged(ns, "app")).create();
    SecurityBaseline baseline =
        Serialization.unmarshal(
            """
            apiVersion: bulwark.dev/v1alpha1
            kind: SecurityBaseline
            metadata: {name: %s}
            spec:
              namespaceSelector: {matchLabels: {team: %s}}
              mode: Enforce
              podSecurity: {level: restricted}
              network: {defaultDeny: [Ingress, Egress], allowDNS: true}
            """
                .formatted(name, label),
            SecurityBaseline.class);
    client.resource(baseline).create();
    return ns;
  }

  /** Metric names in a PromQL expression: Bulwark's, java-operator-sdk's and the JVM's. */
  static Set<String> metricNames(String promql) {
    Set<String> names = new TreeSet<>();
    Matcher m =
        Pattern.compile("\\b((?:bulwark|operator_sdk|jvm|process|system)_[a-zA-Z0-9_]+)\\b")
            .matcher(promql);
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  private static X509Certificate sealingCertificate() throws Exception {
    String pem =
        await()
            .atMost(CONVERGE)
            .until(
                () ->
                    Optional.ofNullable(
                            client
                                .configMaps()
                                .inNamespace(RunningOperator.NAMESPACE)
                                .withName("bulwark-sealing-certificate")
                                .get())
                        .map(ConfigMap::getData)
                        .map(data -> data.get("cert.pem"))
                        .orElse(null),
                data -> data != null);
    return KeyPem.readCertificate(pem, "sealing certificate");
  }

  private static java.util.List<Secret> activeKeySecrets() {
    return client.secrets().inNamespace(RunningOperator.NAMESPACE).list().getItems().stream()
        .filter(SealingKeySecrets::isActive)
        .toList();
  }

  /** The key Secret whose tls.crt is {@code certificate}. */
  private static String keySecretName(X509Certificate certificate) throws Exception {
    for (Secret secret : activeKeySecrets()) {
      String crt = secret.getData().get("tls.crt");
      if (crt != null) {
        String pem =
            new String(
                java.util.Base64.getDecoder().decode(crt), java.nio.charset.StandardCharsets.UTF_8);
        if (KeyPem.readCertificate(pem, "key").equals(certificate)) {
          return secret.getMetadata().getName();
        }
      }
    }
    throw new AssertionError("no active key Secret holds the published certificate");
  }
}
