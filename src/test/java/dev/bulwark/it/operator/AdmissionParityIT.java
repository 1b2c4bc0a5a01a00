package dev.bulwark.it.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.admission.GeneratedPolicies;
import dev.bulwark.admission.HardeningBoundaryGenerator;
import dev.bulwark.admission.ValidatingPolicies;
import dev.bulwark.api.SecurityBaseline;
import dev.bulwark.plan.ActiveExceptions;
import dev.bulwark.plan.AuditConfig;
import dev.bulwark.policy.Finding;
import dev.bulwark.policy.PolicyEngine;
import dev.bulwark.policy.hardening.HardeningCheckIds;
import dev.bulwark.testing.LocalCluster;
import dev.bulwark.testing.RunningOperator;
import dev.bulwark.testing.TestCluster;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real API server, running the ValidatingAdmissionPolicies the operator generates, is the
 * oracle for Bulwark's own checks: Pods and workloads near each check's boundary, drawn by {@link
 * HardeningBoundaryGenerator} from a fixed seed ({@code -Dbulwark.oracle.seed=N} replays or varies
 * it; {@code -Dbulwark.admission.objects=N} sets the count), are sent as server-side dry-run
 * creates into two namespaces: one governed by an Enforce baseline (the API server's verdict,
 * admitted or refused, must equal {@code bulwark scan}'s engine verdict) and one governed by an
 * Audit baseline with the same checks (each failing check comes back as a warning, so the verdict
 * of every check is compared on its own). Both baselines carry exceptions scoped by labels and by
 * namespace, so match conditions are compared too.
 *
 * <p>Pods with ephemeral containers are created without them (for real), then given them through a
 * dry-run update of the {@code ephemeralcontainers} subresource, as {@code kubectl debug} does.
 * Objects the server rejects for another reason (validation) are skipped and counted.
 */
@LocalCluster(controllerManager = true)
class AdmissionParityIT {

  private static final int OBJECTS = Integer.getInteger("bulwark.admission.objects", 1_200);
  private static final long SEED =
      Long.getLong(
          "bulwark.oracle.seed", dev.bulwark.policy.oracle.BoundaryPodGenerator.DEFAULT_SEED);
  private static final String POLICY_PREFIX = "ValidatingAdmissionPolicy 'bulwark-";

  private static TestCluster cluster;
  private static RunningOperator operator;
  private static KubernetesClient client;

  private final ObjectMapper json = new ObjectMapper();
  private final AtomicInteger names = new AtomicInteger();

  private enum Verdict {
    ADMITTED,
    REFUSED,
    SKIPPED
  }

  /** A server verdict: the checks it refused or warned about, or why it was skipped. */
  private record Judgement(Verdict verdict, Set<String> checks, String detail) {}

  @BeforeAll
  static void start(TestCluster testCluster) {
    cluster = testCluster;
    operator = RunningOperator.start(cluster);
    client = cluster.newClient();
  }

  @AfterAll
  static void stop() {
    operator.close();
    client.close();
  }

  @Test
  void apiServerRefusesExactlyWhatTheEngineFinds() throws Exception {
    String team = "p" + UUID.randomUUID().toString().substring(0, 8);
    String enforceNs = namespace(team, "enforce");
    String auditNs = namespace(team, "audit");
    String enforce = "parity-enforce-" + team;
    String audit = "parity-audit-" + team;
    String spec =
        """
        namespaceSelector: {matchLabels: {team: %s, role: ROLE}}
        mode: MODE
        podSecurity: {level: privileged}
        workloads:
          readOnlyRootFilesystem: true
          requireProbes: true
          requireTokenAutomountDisabled: true
          forbidDefaultServiceAccount: true
        resources: {requireRequestsAndLimits: true}
        images: {requireDigest: true, allowedRegistries: [ghcr.io/acme, registry.example.com, docker.io/library]}
        exceptions:
          - checks: [imageDigest, readOnlyRootFilesystem]
            selector: {matchLabels: {app: legacy}}
            reason: "parity: label-scoped exception"
          - checks: [probes, allowedRegistries]
            namespaces: [ENFORCE_NS]
            selector: {matchExpressions: [{key: app, operator: In, values: [legacy-not]}]}
            reason: "parity: namespace-scoped exception"
        """
            .formatted(team)
            .replace("ENFORCE_NS", enforceNs);
    SecurityBaseline enforcing =
        client
            .resource(
                GeneratedPolicies.baseline(
                    enforce, spec.replace("ROLE", "enforce").replace("MODE", "Enforce")))
            .create();
    SecurityBaseline auditing =
        client
            .resource(
                GeneratedPolicies.baseline(
                    audit, spec.replace("ROLE", "audit").replace("MODE", "Audit")))
            .create();
    try {
      GeneratedPolicies.awaitInPlace(client, enforce, HardeningCheckIds.ALL.size());
      GeneratedPolicies.awaitInPlace(client, audit, HardeningCheckIds.ALL.size());
      assertThat(GeneratedPolicies.bindings(client, enforce))
          .allSatisfy(b -> assertThat(b.getSpec().getValidationActions()).containsExactly("Deny"));
      assertThat(GeneratedPolicies.bindings(client, audit))
          .allSatisfy(
              b -> assertThat(b.getSpec().getValidationActions()).containsExactly("Warn", "Audit"));
      compare(enforcing, enforceNs, auditing, auditNs);
    } finally {
      client.resource(enforcing).delete();
      client.resource(auditing).delete();
    }
  }

  /**
   * The life of the generated objects under a running operator: a deleted policy or binding and an
   * edited binding are restored, an exception's match condition is dropped at its expiry time (the
   * excepted pod is refused from then on), turning the feature off removes them, and deleting the
   * baseline releases what is left.
   */
  @Test
  void policiesAreRepairedRewrittenAtExpiryAndReleased() {
    String team = "l" + UUID.randomUUID().toString().substring(0, 8);
    String ns = namespace(team, "life");
    String name = "life-" + team;
    Instant expires =
        Instant.now().plusSeconds(25).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    SecurityBaseline baseline =
        client
            .resource(
                GeneratedPolicies.baseline(
                    name,
                    """
                    namespaceSelector: {matchLabels: {team: %s}}
                    podSecurity: {level: privileged}
                    images: {requireDigest: true}
                    exceptions:
                      - checks: [imageDigest]
                        selector: {matchLabels: {app: legacy}}
                        reason: "JIRA-7: legacy image until its rebuild"
                        expires: "EXPIRES"
                    """
                        .formatted(team)
                        .replace("EXPIRES", expires.toString())))
            .create();
    try {
      GeneratedPolicies.awaitInPlace(client, name, 1);
      String policy = ValidatingPolicies.name(name, HardeningCheckIds.IMAGE_DIGEST);
      // The API server's admission plugin picks new bindings up from its own informer.
      await()
          .atMost(GeneratedPolicies.CONVERGE)
          .untilAsserted(
              () ->
                  assertThat(GeneratedPolicies.dryRunPod(client, ns, "plain", Map.of()))
                      .contains(
                          "imageDigest: image not pinned by digest (container \"app\" uses image"
                              + " \"registry.example.com/app:1\") at"
                              + " spec.containers[\"app\"].image"));
      assertThat(GeneratedPolicies.dryRunPod(client, ns, "legacy", Map.of("app", "legacy")))
          .as("the excepted pod before the expiry")
          .isNull();
      assertThat(Instant.now()).as("the exception was seen in force").isBefore(expires);

      // Drift: deleted policy, deleted binding, edited binding.
      String policyUid = GeneratedPolicies.policies(client, name).get(0).getMetadata().getUid();
      client.admissionRegistration().v1().validatingAdmissionPolicies().withName(policy).delete();
      await()
          .atMost(GeneratedPolicies.CONVERGE)
          .untilAsserted(
              () ->
                  assertThat(GeneratedPolicies.policies(client, name))
                      .singleElement()
                      .satisfies(
                          p -> assertThat(p.getMetadata().getUid()).isNotEqualTo(policyUid)));
      client
          .admissionRegistration()
          .v1()
          .validatingAdmissionPolicyBindings()
          .withName(policy)
          .delete();
      await()
          .atMost(GeneratedPolicies.CONVERGE)
          .untilAsserted(() -> assertThat(GeneratedPolicies.bindings(client, name)).hasSize(1));
      client
          .admissionRegistration()
          .v1()
          .validatingAdmissionPolicyBindings()
          .withName(policy)
          .edit(
              b -> {
                b.getSpec().setValidationActions(List.of("Warn"));
                return b;
              });
      await()
          .atMost(GeneratedPolicies.CONVERGE)
          .untilAsserted(
              () ->
                  assertThat(GeneratedPolicies.bindings(client, name))
                      .singleElement()
                      .satisfies(
                          b ->
                              assertThat(b.getSpec().getValidationActions())
                                  .containsExactly("Deny")));

      // Expiry: the match condition goes at the expiry time, and the pod is refused.
      await()
          .atMost(GeneratedPolicies.CONVERGE)
          .untilAsserted(
              () ->
                  assertThat(
                          GeneratedPolicies.dryRunPod(
                              client, ns, "legacy", Map.of("app", "legacy")))
                      .as("the formerly excepted pod")
                      .contains("imageDigest: image not pinned by digest"));
      assertThat(Instant.now()).isAfterOrEqualTo(expires);
      assertThat(GeneratedPolicies.policies(client, name).get(0).getSpec().getMatchConditions())
          .extracting(c -> c.getName())
          .doesNotContain("not-excepted");

      // Turned off: removed.
      client
          .resources(SecurityBaseline.class)
          .withName(name)
          .edit(
              b -> {
                b.getSpec().admission.validatingPolicies = false;
                return b;
              });
      await()
          .atMost(GeneratedPolicies.CONVERGE)
          .untilAsserted(
              () -> {
                assertThat(GeneratedPolicies.policies(client, name)).isEmpty();
                assertThat(GeneratedPolicies.bindings(client, name)).isEmpty();
              });
      await()
          .atMost(GeneratedPolicies.CONVERGE)
          .untilAsserted(
              () ->
                  assertThat(GeneratedPolicies.dryRunPod(client, ns, "plain", Map.of())).isNull());

      // On again, then the baseline deleted: released.
      client
          .resources(SecurityBaseline.class)
          .withName(name)
          .edit(
              b -> {
                b.getSpec().admission.validatingPolicies = true;
                return b;
              });
      GeneratedPolicies.awaitInPlace(client, name, 1);
    } finally {
      client.resource(baseline).delete();
    }
    await()
        .atMost(GeneratedPolicies.CONVERGE)
        .untilAsserted(
            () -> {
              assertThat(GeneratedPolicies.policies(client, name))
                  .as("policies after release")
                  .isEmpty();
              assertThat(GeneratedPolicies.bindings(client, name))
                  .as("bindings after release")
                  .isEmpty();
            });
  }

  /**
   * CEL cost: every check's policy over a Pod of 250 containers and 50 init containers stays within
   * the API server's runtime cost limit (a policy over its budget would refuse every such pod with
   * a cost error, under failurePolicy Fail), and still finds the one bad container.
   */
  @Test
  void policiesStayWithinTheCostLimitForPodsOfManyContainers() {
    String team = "c" + UUID.randomUUID().toString().substring(0, 8);
    String ns = namespace(team, "cost");
    String name = "cost-" + team;
    SecurityBaseline baseline =
        client
            .resource(
                GeneratedPolicies.baseline(
                    name,
                    """
                    namespaceSelector: {matchLabels: {team: %s}}
                    podSecurity: {level: privileged}
                    workloads:
                      readOnlyRootFilesystem: true
                      requireProbes: true
                      requireTokenAutomountDisabled: true
                      forbidDefaultServiceAccount: true
                    resources: {requireRequestsAndLimits: true}
                    images: {requireDigest: true, allowedRegistries: [ghcr.io/acme, registry.example.com]}
                    """
                        .formatted(team)))
            .create();
    try {
      GeneratedPolicies.awaitInPlace(client, name, HardeningCheckIds.ALL.size());
      Pod good = manyContainers(ns, "ghcr.io/acme/app");
      Pod bad = manyContainers(ns, "ghcr.io/other/app");
      await()
          .atMost(GeneratedPolicies.CONVERGE)
          .untilAsserted(
              () ->
                  assertThat(refusal(bad))
                      .contains(
                          "allowedRegistries: registry not allowed (container \"app-249\" pulls"
                              + " from \"ghcr.io\""));
      assertThat(refusal(good)).as("a pod of 300 containers that passes every check").isNull();
      assertThat(enginePasses(baseline, good)).isTrue();
    } finally {
      client.resource(baseline).delete();
    }
  }

  private static boolean enginePasses(SecurityBaseline baseline, Pod pod) {
    return new PolicyEngine(AuditConfig.from(baseline.getSpec())).evaluate(pod).isEmpty();
  }

  private static String refusal(Pod pod) {
    try {
      client.pods().inNamespace(pod.getMetadata().getNamespace()).resource(pod).dryRun().create();
      return null;
    } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
      return e.getMessage();
    }
  }

  /** 50 init and 250 regular containers that pass every check, the last one from {@code last}. */
  private static Pod manyContainers(String namespace, String last) {
    String digest = "@sha256:4c5f2b1d0e9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c";
    List<io.fabric8.kubernetes.api.model.Container> init = new ArrayList<>();
    List<io.fabric8.kubernetes.api.model.Container> regular = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      boolean isInit = i < 50;
      String image = (i == 299 ? last : "ghcr.io/acme/app") + digest;
      io.fabric8.kubernetes.api.model.ContainerBuilder c =
          new io.fabric8.kubernetes.api.model.ContainerBuilder()
              .withName(isInit ? "init-" + i : "app-" + (i - 50))
              .withImage(image)
              .withNewSecurityContext()
              .withReadOnlyRootFilesystem(true)
              .endSecurityContext()
              .withNewResources()
              .addToRequests("cpu", new io.fabric8.kubernetes.api.model.Quantity("1m"))
              .addToRequests("memory", new io.fabric8.kubernetes.api.model.Quantity("1Mi"))
              .addToRequests(
                  "ephemeral-storage", new io.fabric8.kubernetes.api.model.Quantity("1Mi"))
              .addToLimits("cpu", new io.fabric8.kubernetes.api.model.Quantity("1m"))
              .addToLimits("memory", new io.fabric8.kubernetes.api.model.Quantity("1Mi"))
              .addToLimits("ephemeral-storage", new io.fabric8.kubernetes.api.model.Quantity("1Mi"))
              .endResources();
      if (!isInit) {
        c.withNewLivenessProbe()
            .withNewTcpSocket()
            .withNewPort(8080)
            .endTcpSocket()
            .endLivenessProbe();
        c.withNewReadinessProbe()
            .withNewTcpSocket()
            .withNewPort(8080)
            .endTcpSocket()
            .endReadinessProbe();
      }
      (isInit ? init : regular).add(c.build());
    }
    return new io.fabric8.kubernetes.api.model.PodBuilder()
        .withNewMetadata()
        .withName("many")
        .withNamespace(namespace)
        .endMetadata()
        .withNewSpec()
        .withServiceAccountName(HardeningBoundaryGenerator.SERVICE_ACCOUNT)
        .withAutomountServiceAccountToken(false)
        .withInitContainers(init)
        .withContainers(regular)
        .endSpec()
        .build();
  }

  private void compare(
      SecurityBaseline enforcing, String enforceNs, SecurityBaseline auditing, String auditNs)
      throws Exception {
    Instant now = Instant.now();
    PolicyEngine enforceEngine =
        new PolicyEngine(
            AuditConfig.from(
                enforcing.getSpec(), ActiveExceptions.at(enforcing.getSpec().exceptions, now)));
    PolicyEngine auditEngine =
        new PolicyEngine(
            AuditConfig.from(
                auditing.getSpec(), ActiveExceptions.at(auditing.getSpec().exceptions, now)));
    Map<String, String> checkOfPolicy = new TreeMap<>();
    for (String check : HardeningCheckIds.ALL) {
      checkOfPolicy.put(ValidatingPolicies.name(auditing.getMetadata().getName(), check), check);
    }

    System.out.printf(
        "Admission parity: seed %d, %d objects (replay with -Dbulwark.oracle.seed=%d)%n",
        SEED, OBJECTS, SEED);
    List<HasMetadata> objects = new HardeningBoundaryGenerator(SEED).objects(OBJECTS);
    Map<String, int[]> perCheck = new TreeMap<>(); // admitted, refused, skipped
    HardeningCheckIds.ALL.forEach(c -> perCheck.put(c, new int[3]));
    Map<String, int[]> perKind = new TreeMap<>(); // compared, refused
    Map<String, Integer> skipped = new TreeMap<>();
    List<String> disagreements = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger compared = new AtomicInteger();
    AtomicInteger withEphemeral = new AtomicInteger();
    AtomicInteger many = new AtomicInteger();
    long started = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(6);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (HasMetadata object : objects) {
        futures.add(
            pool.submit(
                () -> {
                  // Enforce: one verdict for the object.
                  HasMetadata inEnforce = copyInto(object, enforceNs);
                  Set<String> ours = checks(enforceEngine.evaluate(inEnforce));
                  Judgement enforced = judge(inEnforce, enforceNs, null);
                  // Audit: a verdict per check, from the warnings.
                  HasMetadata inAudit = copyInto(object, auditNs);
                  Set<String> oursAudit = checks(auditEngine.evaluate(inAudit));
                  Judgement audited = judge(inAudit, auditNs, checkOfPolicy);
                  synchronized (perCheck) {
                    if (enforced.verdict() == Verdict.SKIPPED
                        || audited.verdict() == Verdict.SKIPPED) {
                      String why =
                          enforced.verdict() == Verdict.SKIPPED
                              ? enforced.detail()
                              : audited.detail();
                      skipped.merge(why, 1, Integer::sum);
                      perCheck.values().forEach(counts -> counts[2]++);
                      return null;
                    }
                    compared.incrementAndGet();
                    int[] kind = perKind.computeIfAbsent(object.getKind(), k -> new int[2]);
                    kind[0]++;
                    if (enforced.verdict() == Verdict.REFUSED) {
                      kind[1]++;
                    }
                    if (object instanceof Pod p
                        && p.getSpec().getEphemeralContainers() != null
                        && !p.getSpec().getEphemeralContainers().isEmpty()) {
                      withEphemeral.incrementAndGet();
                    }
                    if (Serialization.asJson(object).split("\"image\"").length > 30) {
                      many.incrementAndGet();
                    }
                    if (ours.isEmpty() != (enforced.verdict() == Verdict.ADMITTED)) {
                      disagreements.add(
                          "Enforce: server="
                              + enforced
                              + " engine="
                              + ours
                              + "\n"
                              + Serialization.asYaml(inEnforce));
                    }
                    for (String check : HardeningCheckIds.ALL) {
                      boolean engineFails = oursAudit.contains(check);
                      boolean serverFails = audited.checks().contains(check);
                      perCheck.get(check)[serverFails ? 1 : 0]++;
                      if (engineFails != serverFails) {
                        disagreements.add(
                            "Audit, check "
                                + check
                                + ": server="
                                + audited
                                + " engine="
                                + oursAudit
                                + "\n"
                                + Serialization.asYaml(inAudit));
                      }
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> future : futures) {
        future.get(5, TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdown();
    }
    StringBuilder table = new StringBuilder();
    perCheck.forEach(
        (check, counts) ->
            table.append(
                String.format(
                    "  %-24s admitted %5d  refused %5d  skipped %4d%n",
                    check, counts[0], counts[1], counts[2])));
    perKind.forEach(
        (kind, counts) ->
            table.append(
                String.format("  %-24s compared %5d  refused %5d%n", kind, counts[0], counts[1])));
    System.out.printf(
        "Admission parity (seed %d): %d objects, %d compared (%d with ephemeral containers, %d"
            + " with over 30 containers), %d skipped %s, %d disagreements, %.1f s%n%s",
        SEED,
        OBJECTS,
        compared.get(),
        withEphemeral.get(),
        many.get(),
        skipped.values().stream().mapToInt(Integer::intValue).sum(),
        skipped,
        disagreements.size(),
        (System.nanoTime() - started) / 1e9,
        table);
    assertThat(disagreements.stream().limit(5).toList())
        .as("disagreements with the API server (%d in all)", disagreements.size())
        .isEmpty();
    assertThat(compared.get()).as("objects compared").isGreaterThanOrEqualTo(1_000);
    perCheck.forEach(
        (check, counts) -> {
          assertThat(counts[0]).as(check + " admitted").isGreaterThan(20);
          assertThat(counts[1]).as(check + " refused").isGreaterThan(20);
        });
    assertThat(perKind.keySet())
        .containsExactlyInAnyOrder(
            "Pod",
            "Deployment",
            "StatefulSet",
            "DaemonSet",
            "ReplicaSet",
            "ReplicationController",
            "Job",
            "CronJob");
    assertThat(withEphemeral.get()).as("pods with ephemeral containers").isGreaterThan(20);
    assertThat(many.get()).as("objects with over 30 containers").isGreaterThan(5);
  }

  private String namespace(String team, String role) {
    String ns = cluster.createNamespace(Map.of("team", team, "role", role));
    client
        .serviceAccounts()
        .inNamespace(ns)
        .resource(
            new ServiceAccountBuilder()
                .withNewMetadata()
                .withName(HardeningBoundaryGenerator.SERVICE_ACCOUNT)
                .endMetadata()
                .build())
        .create();
    await()
        .atMost(GeneratedPolicies.CONVERGE)
        .until(() -> client.serviceAccounts().inNamespace(ns).withName("default").get() != null);
    return ns;
  }

  private static Set<String> checks(List<Finding> findings) {
    Set<String> checks = new TreeSet<>();
    findings.forEach(f -> checks.add(f.check()));
    return checks;
  }

  private HasMetadata copyInto(HasMetadata object, String namespace) {
    HasMetadata copy = Serialization.clone(object);
    copy.getMetadata().setNamespace(namespace);
    return copy;
  }

  /**
   * The server's verdict on a dry-run create of {@code object}; with {@code checkOfPolicy}, the
   * checks named by its warnings (Audit), otherwise admitted or refused (Enforce).
   */
  private Judgement judge(HasMetadata object, String namespace, Map<String, String> checkOfPolicy)
      throws Exception {
    String collection = collection(object, namespace);
    boolean hasEphemeral =
        object instanceof Pod pod
            && pod.getSpec().getEphemeralContainers() != null
            && !pod.getSpec().getEphemeralContainers().isEmpty();
    if (!hasEphemeral) {
      return classify(
          send(post(collection + "?dryRun=All", Serialization.asJson(object))), checkOfPolicy);
    }
    ObjectNode withoutEphemeral = json.valueToTree(object);
    ((ObjectNode) withoutEphemeral.get("spec")).remove("ephemeralContainers");
    String name = "eph-" + names.incrementAndGet();
    ((ObjectNode) withoutEphemeral.get("metadata")).put("name", name);
    HttpResponse<String> created =
        send(post(collection, json.writeValueAsString(withoutEphemeral)));
    if (created.code() != 201) {
      // Refused without them: adding containers never removes a finding.
      return classify(created, checkOfPolicy);
    }
    try {
      ObjectNode live = (ObjectNode) json.readTree(created.body());
      ((ObjectNode) live.get("spec"))
          .set(
              "ephemeralContainers",
              json.valueToTree(((Pod) object).getSpec().getEphemeralContainers()));
      HttpRequest update =
          client
              .getHttpClient()
              .newHttpRequestBuilder()
              .uri(url(collection + "/" + name + "/ephemeralcontainers?dryRun=All"))
              .put("application/json", json.writeValueAsString(live))
              .build();
      return classify(send(update), checkOfPolicy);
    } finally {
      send(
          client
              .getHttpClient()
              .newHttpRequestBuilder()
              .uri(url(collection + "/" + name + "?gracePeriodSeconds=0"))
              .delete("application/json", "{}")
              .build());
    }
  }

  private static Judgement classify(
      HttpResponse<String> response, Map<String, String> checkOfPolicy) {
    int code = response.code();
    String body = response.body() == null ? "" : response.body();
    if (code == 200 || code == 201) {
      Set<String> warned = new TreeSet<>();
      if (checkOfPolicy != null) {
        for (String warning : response.headers("Warning")) {
          checkOfPolicy.forEach(
              (policy, check) -> {
                if (warning.contains("'" + policy + "'")) {
                  warned.add(check);
                }
              });
        }
      }
      return new Judgement(warned.isEmpty() ? Verdict.ADMITTED : Verdict.REFUSED, warned, "");
    }
    if ((code == 403 || code == 422) && body.contains(POLICY_PREFIX)) {
      return new Judgement(Verdict.REFUSED, Set.of(), body);
    }
    return new Judgement(Verdict.SKIPPED, Set.of(), "HTTP " + code + " " + reason(body));
  }

  private static String reason(String body) {
    JsonNode status;
    try {
      status = new ObjectMapper().readTree(body);
    } catch (IOException e) {
      return "unreadable status";
    }
    String reason = status.path("reason").asText();
    JsonNode causes = status.path("details").path("causes");
    if (causes.isArray() && !causes.isEmpty()) {
      return reason + " " + causes.get(0).path("field").asText().replaceAll("\\[\\d+\\]", "[*]");
    }
    return reason;
  }

  private static String collection(HasMetadata object, String namespace) {
    String plural =
        switch (object.getKind()) {
          case "Pod" -> "pods";
          case "ReplicationController" -> "replicationcontrollers";
          case "Deployment" -> "deployments";
          case "StatefulSet" -> "statefulsets";
          case "DaemonSet" -> "daemonsets";
          case "ReplicaSet" -> "replicasets";
          case "Job" -> "jobs";
          case "CronJob" -> "cronjobs";
          default -> throw new IllegalArgumentException(object.getKind());
        };
    String apiVersion = object.getApiVersion();
    String prefix = apiVersion.contains("/") ? "apis/" + apiVersion : "api/" + apiVersion;
    return prefix + "/namespaces/" + namespace + "/" + plural;
  }

  private static HttpRequest post(String path, String body) {
    return client
        .getHttpClient()
        .newHttpRequestBuilder()
        .uri(url(path))
        .post("application/json", body)
        .build();
  }

  private static String url(String path) {
    String master = client.getMasterUrl().toString();
    return (master.endsWith("/") ? master : master + "/") + path;
  }

  private static HttpResponse<String> send(HttpRequest request) throws Exception {
    return client.getHttpClient().sendAsync(request, String.class).get(1, TimeUnit.MINUTES);
  }
}
