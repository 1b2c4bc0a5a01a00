package dev.bulwark.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.bulwark.localcluster.ControlPlaneBinaries;
import dev.bulwark.localcluster.LocalControlPlane;
import dev.bulwark.report.OpenReport;
import dev.bulwark.testing.AuditLog;
import dev.bulwark.testing.OpenReportsCrds;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EphemeralContainer;
import io.fabric8.kubernetes.api.model.EphemeralContainerBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.Watchable;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The scale harness behind {@code bench/scale.sh} (issue 12): starts the local control plane, loads
 * it with namespaces, pods, workloads, ServiceAccounts and bindings from parallel clients, starts
 * the operator jar in a JVM of its own with the chart's heap (75 % of the 768 MiB limit) and a
 * ServiceAccount of its own (so the audit log attributes its requests), and prints one table: cold
 * start, LISTs per resource, drift latency per kind, reconciles and writes per change, writes in a
 * quiet window, heap after a full GC, peak RSS and CPU seconds. Appends the table with the machine,
 * date and parameters to a results file. Measures; asserts nothing. Not a test: it is run by {@code
 * bench/scale.sh}, never by surefire or failsafe.
 */
public final class ScaleBench {

  private static final String SCALE_LABEL = "bench.bulwark.dev/scale";
  private static final String OPERATOR_NS = "bulwark-system";
  private static final String OPERATOR_SA = "bulwark-bench";
  private static final String ENFORCE = "pod-security.kubernetes.io/enforce";
  private static final String DEFAULT_DENY = "bulwark-default-deny";
  private static final String DIGEST_IMAGE = "registry.example/app@sha256:" + "0".repeat(64);
  private static final ResourceDefinitionContext BASELINES =
      new ResourceDefinitionContext.Builder()
          .withGroup("bulwark.dev")
          .withVersion("v1alpha1")
          .withPlural("securitybaselines")
          .withKind("SecurityBaseline")
          .withNamespaced(false)
          .build();

  private final Map<String, String> options;
  private final int namespaces;
  private final int podsPerNamespace;
  private final int deployments;
  private final int serviceAccounts;
  private final int roleBindings;
  private final int clusterRoleBindings;
  private final int baselines;
  private final int sealedSecrets;
  private final int samples;
  private final int quietSeconds;
  private final int memoryLimitMib;
  private final String heap;
  private final boolean reports;
  private final Path operatorJar;
  private final String label;
  private final Path results;
  private final Path workDir;

  private LocalControlPlane plane;
  private KubernetesClient admin;
  private Process operator;
  private long operatorPid;
  private int metricsPort;
  private final Map<String, String> table = new LinkedHashMap<>();
  private final List<String> notes = new ArrayList<>();
  private SealedSecretCorpus sealed;

  private ScaleBench(Map<String, String> options) throws IOException {
    this.options = options;
    namespaces = intOption("namespaces", 200);
    podsPerNamespace = intOption("pods", 50);
    deployments = intOption("deployments", 3);
    serviceAccounts = intOption("service-accounts", 2);
    roleBindings = intOption("role-bindings", 2);
    clusterRoleBindings = intOption("cluster-role-bindings", 0);
    baselines = intOption("baselines", 1);
    sealedSecrets = intOption("sealed-secrets", 0);
    samples = intOption("samples", 200);
    quietSeconds = intOption("quiet", 300);
    memoryLimitMib = intOption("memory-limit-mib", 768);
    // The chart's container runs the JVM with -XX:MaxRAMPercentage=75 (Dockerfile).
    heap = options.getOrDefault("heap", (memoryLimitMib * 3 / 4) + "m");
    reports = Boolean.parseBoolean(options.getOrDefault("reports", "false"));
    operatorJar =
        Path.of(
            options.getOrDefault(
                "operator-jar",
                options.getOrDefault("default-operator-jar", "target/bulwark.jar")));
    label = options.getOrDefault("label", "");
    results = Path.of(options.getOrDefault("results", "bench/results/scale.md"));
    workDir = Files.createTempDirectory("bulwark-scale");
  }

  private int intOption(String name, int fallback) {
    return Integer.parseInt(options.getOrDefault(name, Integer.toString(fallback)));
  }

  /** {@code --name=value} arguments; see bench/scale.sh for the names and defaults. */
  public static void main(String[] args) throws Exception {
    Map<String, String> options = new LinkedHashMap<>();
    for (String arg : args) {
      if (!arg.startsWith("--") || !arg.contains("=")) {
        throw new IllegalArgumentException("expected --name=value, got: " + arg);
      }
      options.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
    }
    ScaleBench bench = new ScaleBench(options);
    try {
      bench.run();
    } finally {
      bench.close();
    }
    System.exit(0);
  }

  private void run() throws Exception {
    say("starting the local control plane");
    plane =
        LocalControlPlane.start(
            ControlPlaneBinaries.forVersion(options.getOrDefault("kube-version", "1.37.2")));
    Config config = Config.fromKubeconfig(plane.kubeconfigYaml());
    config.setMaxConcurrentRequests(64);
    config.setMaxConcurrentRequestsPerHost(32);
    config.setRequestTimeout(120_000);
    admin = new KubernetesClientBuilder().withConfig(config).build();
    installCrds();
    Path kubeconfig = operatorKubeconfig();
    long loadStart = System.nanoTime();
    load();
    table.put(
        "load (not the operator)",
        String.format(
            "%d namespaces, %d pods, %d Deployments in %.0f s",
            namespaces,
            namespaces * podsPerNamespace,
            namespaces * deployments,
            seconds(System.nanoTime() - loadStart)));
    table.put("control plane memory after the load", controlPlaneMemory());
    createBaselines();

    Instant started = Instant.now();
    long startNanos = System.nanoTime();
    startOperator(kubeconfig);
    double coldStart;
    try {
      coldStart = awaitEnforced(startNanos);
    } catch (IllegalStateException | TimeoutException e) {
      // A start that fails (OutOfMemoryError, a timeout) is a finding: report what is known.
      table.put(
          "P4 cold start: start → every namespace enforced, Ready",
          String.format(
              "did not finish: %s after %.0f s",
              e.getMessage()
                  .lines()
                  .filter(l -> l.contains("Error") || l.contains("exited"))
                  .findFirst()
                  .orElse(e.getMessage().lines().findFirst().orElse("")),
              seconds(System.nanoTime() - startNanos)));
      notes.add(
          "GC log: "
              + workDir.resolve("gc.log")
              + "; operator log: "
              + workDir.resolve("operator.log"));
      report();
      return;
    }
    Instant ready = Instant.now();
    dumpFlightRecording("-start");
    table.put(
        "P4 cold start: start → every namespace enforced, Ready",
        fmt(coldStart) + " s (load average " + loadAverage() + " then)");
    table.put("P4 LIST requests during start (per resource)", listsPerResource(started, ready));
    table.put("operator CPU seconds at start", fmt(cpuSeconds()));
    table.put("P4 reconciles during start (per controller)", reconciles().toString());
    loadSealedSecrets();
    Thread.sleep(5_000);

    measureDrift(
        "owned object deleted (default-deny NetworkPolicy)", this::sampleOwnedDeleted, null);
    measureDrift(
        "owned object edited additively (ingress rule added)", this::sampleOwnedEdited, null);
    measureDrift("enforce label removed", this::sampleLabelRemoved, null);
    measureDrift("violating pod created → violations.total", this::sampleViolatingPod, "pods");
    measureDrift(
        "debug container added to a pod (kubectl debug) → violations.total",
        this::sampleDebugContainer,
        null);
    measureDrift(
        "dangerous binding created → violations.total", this::sampleDangerousBinding, "bindings");
    measureDrift(
        "tenant NetworkPolicy created (allow-all) → violations.total",
        this::sampleTenantPolicy,
        "networkpolicies");
    if (reports) {
      measureDrift("Report edited (results emptied) → written again", this::sampleReport, null);
    } else {
      table.put("P3 drift: Report edited", "not measured (--reports=false)");
    }
    if (sealed != null) {
      measureDrift("SealedSecret's Secret edited (a data value patched)", this::sampleSealed, null);
    } else {
      table.put("P3 drift: SealedSecret's Secret edited", "not measured (--sealed-secrets=0)");
    }

    measureBurst();
    quietWindow();
    memory();
    table.put("P5 peak RSS (VmHWM)", peakRss() + " (limit " + memoryLimitMib + " MiB)");
    table.put("operator CPU seconds, whole run", fmt(cpuSeconds()));
    table.put("control plane memory, whole run", controlPlaneMemory());
    dumpFlightRecording("-run");
    if (Boolean.parseBoolean(options.getOrDefault("restart", "false"))) {
      restart(kubeconfig);
    }
    report();
  }

  // ---------------------------------------------------------------- set-up

  private void installCrds() throws Exception {
    say("installing CRDs");
    List<Path> directories =
        new ArrayList<>(List.of(Path.of(options.getOrDefault("repo", ".")).resolve("crds")));
    if (reports) {
      // The operator writes a Report per governed namespace once the OpenReports API is served.
      directories.add(OpenReportsCrds.crdDirectory());
    }
    for (Path crds : directories) {
      try (var files = Files.list(crds)) {
        for (Path file : files.sorted().toList()) {
          try (InputStream in = Files.newInputStream(file)) {
            admin.apiextensions().v1().customResourceDefinitions().load(in).serverSideApply();
          }
        }
      }
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      try {
        admin.genericKubernetesResources(BASELINES).list();
        return;
      } catch (RuntimeException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(200);
      }
    }
  }

  /** A ServiceAccount bound to cluster-admin and a kubeconfig with its token. */
  private Path operatorKubeconfig() throws IOException {
    admin
        .namespaces()
        .resource(
            new NamespaceBuilder().withNewMetadata().withName(OPERATOR_NS).endMetadata().build())
        .serverSideApply();
    admin
        .serviceAccounts()
        .inNamespace(OPERATOR_NS)
        .resource(
            new ServiceAccountBuilder()
                .withNewMetadata()
                .withName(OPERATOR_SA)
                .withNamespace(OPERATOR_NS)
                .endMetadata()
                .build())
        .serverSideApply();
    admin
        .rbac()
        .clusterRoleBindings()
        .resource(
            new ClusterRoleBindingBuilder()
                .withNewMetadata()
                .withName(OPERATOR_SA)
                .endMetadata()
                .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", "cluster-admin")
                .addNewSubject()
                .withKind("ServiceAccount")
                .withName(OPERATOR_SA)
                .withNamespace(OPERATOR_NS)
                .endSubject()
                .build())
        .serverSideApply();
    String token =
        admin
            .serviceAccounts()
            .inNamespace(OPERATOR_NS)
            .withName(OPERATOR_SA)
            .tokenRequest(
                new TokenRequestBuilder()
                    .withNewSpec()
                    .withExpirationSeconds(6 * 3600L)
                    .endSpec()
                    .build())
            .getStatus()
            .getToken();
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    @SuppressWarnings("unchecked")
    Map<String, Object> config = yaml.readValue(plane.kubeconfigYaml(), Map.class);
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> users = (List<Map<String, Object>>) config.get("users");
    users.forEach(user -> user.put("user", Map.of("token", token)));
    Path file = workDir.resolve("operator-kubeconfig.yaml");
    yaml.writeValue(file.toFile(), config);
    return file;
  }

  private static String ns(int i) {
    return String.format("scale-%04d", i);
  }

  /** Creates every namespace's objects, namespaces in parallel. */
  private void load() throws Exception {
    say(
        "loading "
            + namespaces
            + " namespaces x "
            + podsPerNamespace
            + " pods ("
            + deployments
            + " Deployments, "
            + serviceAccounts
            + " ServiceAccounts, "
            + roleBindings
            + " RoleBindings each; "
            + clusterRoleBindings
            + " ClusterRoleBindings)");
    ExecutorService pool = Executors.newFixedThreadPool(intOption("load-threads", 12));
    List<Future<?>> done = new ArrayList<>();
    for (int i = 0; i < namespaces; i++) {
      int n = i;
      done.add(pool.submit(() -> loadNamespace(n)));
    }
    int finished = 0;
    for (Future<?> f : done) {
      f.get();
      if (++finished % 100 == 0) {
        say("  " + finished + " namespaces loaded");
      }
    }
    for (int i = 0; i < clusterRoleBindings; i++) {
      int n = i;
      done.add(
          pool.submit(
              () ->
                  admin
                      .rbac()
                      .clusterRoleBindings()
                      .resource(
                          new ClusterRoleBindingBuilder()
                              .withNewMetadata()
                              .withName("scale-view-" + n)
                              .endMetadata()
                              .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", "view")
                              .addNewSubject()
                              .withKind("ServiceAccount")
                              .withName("app-0")
                              .withNamespace(ns(n % namespaces))
                              .endSubject()
                              .build())
                      .create()));
    }
    for (Future<?> f : done) {
      f.get();
    }
    pool.shutdown();
  }

  private void loadNamespace(int n) {
    String ns = ns(n);
    admin
        .namespaces()
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName(ns)
                .addToLabels(SCALE_LABEL, "true")
                .addToLabels("team", "team-" + (n % 17))
                .endMetadata()
                .build())
        .create();
    for (int s = 0; s < serviceAccounts; s++) {
      admin
          .serviceAccounts()
          .inNamespace(ns)
          .resource(
              new ServiceAccountBuilder()
                  .withNewMetadata()
                  .withName("app-" + s)
                  .endMetadata()
                  .build())
          .create();
    }
    for (int b = 0; b < roleBindings; b++) {
      admin
          .rbac()
          .roleBindings()
          .inNamespace(ns)
          .resource(
              new RoleBindingBuilder()
                  .withNewMetadata()
                  .withName("app-view-" + b)
                  .endMetadata()
                  .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", "view")
                  .addNewSubject()
                  .withKind("ServiceAccount")
                  .withName("app-" + (b % Math.max(1, serviceAccounts)))
                  .withNamespace(ns)
                  .endSubject()
                  .build())
          .create();
    }
    // 20 % of the pods violate restricted and are bare; the rest belong to ReplicaSets of
    // Deployments, as on a real cluster.
    int violating = podsPerNamespace / 5;
    int owned = podsPerNamespace - violating;
    List<OwnerReference> replicaSets = new ArrayList<>();
    for (int d = 0; d < deployments; d++) {
      String app = "app-" + d;
      Deployment deployment =
          admin
              .apps()
              .deployments()
              .inNamespace(ns)
              .resource(
                  new DeploymentBuilder()
                      .withNewMetadata()
                      .withName(app)
                      .addToLabels("app", app)
                      .endMetadata()
                      .withNewSpec()
                      .withReplicas(Math.max(1, owned / Math.max(1, deployments)))
                      .withNewSelector()
                      .addToMatchLabels("app", app)
                      .endSelector()
                      .withNewTemplate()
                      .withNewMetadata()
                      .addToLabels("app", app)
                      .endMetadata()
                      .withSpec(restrictedSpec("app-" + (d % Math.max(1, serviceAccounts))))
                      .endTemplate()
                      .endSpec()
                      .build())
              .create();
      ReplicaSet rs =
          admin
              .apps()
              .replicaSets()
              .inNamespace(ns)
              .resource(
                  new ReplicaSetBuilder()
                      .withNewMetadata()
                      .withName(app + "-5d4f8c7b9")
                      .addToLabels("app", app)
                      .withOwnerReferences(controller(deployment, "apps/v1", "Deployment"))
                      .endMetadata()
                      .withNewSpec()
                      .withReplicas(deployment.getSpec().getReplicas())
                      .withNewSelector()
                      .addToMatchLabels("app", app)
                      .endSelector()
                      .withTemplate(deployment.getSpec().getTemplate())
                      .endSpec()
                      .build())
              .create();
      replicaSets.add(controller(rs, "apps/v1", "ReplicaSet"));
    }
    for (int p = 0; p < owned; p++) {
      int d = deployments == 0 ? -1 : p % deployments;
      PodBuilder pod =
          new PodBuilder()
              .withNewMetadata()
              .withName("app-" + Math.max(d, 0) + "-5d4f8c7b9-" + p)
              .addToLabels("app", "app-" + Math.max(d, 0))
              .addToLabels("pod-template-hash", "5d4f8c7b9")
              .endMetadata()
              .withSpec(restrictedSpec("app-" + (Math.max(d, 0) % Math.max(1, serviceAccounts))));
      if (d >= 0) {
        pod.editMetadata().withOwnerReferences(replicaSets.get(d)).endMetadata();
      }
      admin.pods().inNamespace(ns).resource(pod.build()).create();
    }
    for (int p = 0; p < violating; p++) {
      admin
          .pods()
          .inNamespace(ns)
          .resource(
              new PodBuilder()
                  .withNewMetadata()
                  .withName("legacy-" + p)
                  .addToLabels("app", "legacy")
                  .endMetadata()
                  .withNewSpec()
                  .addToContainers(
                      new ContainerBuilder()
                          .withName("main")
                          .withImage("nginx:1.27")
                          .withNewSecurityContext()
                          .withPrivileged(p % 2 == 0)
                          .endSecurityContext()
                          .build())
                  .endSpec()
                  .build())
          .create();
    }
  }

  private static OwnerReference controller(HasMetadata owner, String apiVersion, String kind) {
    return new OwnerReferenceBuilder()
        .withApiVersion(apiVersion)
        .withKind(kind)
        .withName(owner.getMetadata().getName())
        .withUid(owner.getMetadata().getUid())
        .withController(true)
        .withBlockOwnerDeletion(true)
        .build();
  }

  /** A pod spec that passes restricted and Bulwark's hardening checks (digest, resources). */
  private static PodSpec restrictedSpec(String serviceAccount) {
    return new PodSpecBuilder()
        .withServiceAccountName(serviceAccount)
        .withAutomountServiceAccountToken(false)
        .withNewSecurityContext()
        .withRunAsNonRoot(true)
        .withNewSeccompProfile()
        .withType("RuntimeDefault")
        .endSeccompProfile()
        .endSecurityContext()
        .addToContainers(
            new ContainerBuilder()
                .withName("main")
                .withImage(DIGEST_IMAGE)
                .addNewPort()
                .withContainerPort(8080)
                .endPort()
                .addNewEnv()
                .withName("MODE")
                .withValue("production")
                .endEnv()
                .withNewSecurityContext()
                .withAllowPrivilegeEscalation(false)
                .withReadOnlyRootFilesystem(true)
                .withNewCapabilities()
                .addToDrop("ALL")
                .endCapabilities()
                .endSecurityContext()
                .withNewResources()
                .addToRequests("cpu", new Quantity("100m"))
                .addToRequests("memory", new Quantity("128Mi"))
                .addToLimits("cpu", new Quantity("500m"))
                .addToLimits("memory", new Quantity("256Mi"))
                .endResources()
                .withNewReadinessProbe()
                .withNewHttpGet()
                .withPath("/ready")
                .withNewPort(8080)
                .endHttpGet()
                .endReadinessProbe()
                .withNewLivenessProbe()
                .withNewHttpGet()
                .withPath("/healthz")
                .withNewPort(8080)
                .endHttpGet()
                .endLivenessProbe()
                .build())
        .build();
  }

  /**
   * One Enforce baseline over every loaded namespace (restricted, default-deny, digests required);
   * further baselines, when asked for, are Audit baselines of lower priority over the same
   * namespaces (they lose, and report Conflict).
   */
  private void createBaselines() {
    for (int b = 0; b < baselines; b++) {
      Map<String, Object> spec = new LinkedHashMap<>();
      spec.put("namespaceSelector", Map.of("matchLabels", Map.of(SCALE_LABEL, "true")));
      spec.put("mode", b == 0 ? "Enforce" : "Audit");
      spec.put("priority", -b);
      spec.put("podSecurity", Map.of("level", "restricted"));
      spec.put("network", Map.of("defaultDeny", List.of("Ingress", "Egress"), "allowDNS", true));
      spec.put("images", Map.of("requireDigest", true));
      // The drift kinds "violating pod created" and "dangerous binding created" measure the
      // operator's audit of objects that exist; Bulwark's admission policies would refuse the
      // pod, so they are off unless --admission-policies=true.
      spec.put(
          "admission",
          Map.of(
              "validatingPolicies",
              Boolean.parseBoolean(options.getOrDefault("admission-policies", "false"))));
      GenericKubernetesResource baseline = new GenericKubernetesResource();
      baseline.setApiVersion("bulwark.dev/v1alpha1");
      baseline.setKind("SecurityBaseline");
      baseline.setMetadata(
          new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName("scale-" + b).build());
      baseline.setAdditionalProperty("spec", spec);
      admin.genericKubernetesResources(BASELINES).resource(baseline).create();
    }
  }

  /**
   * After the cold start (not counted in it): seals {@code --sealed-secrets} Secrets with the
   * certificate the operator published, creates the SealedSecrets from parallel clients and waits
   * until every one is unsealed.
   */
  private void loadSealedSecrets() throws Exception {
    if (sealedSecrets <= 0) {
      return;
    }
    say("sealing and creating " + sealedSecrets + " SealedSecrets");
    SealedSecretCorpus corpus = new SealedSecretCorpus(admin, OPERATOR_NS);
    Map<String, Double> before = reconciles();
    Instant from = Instant.now();
    SealedSecretCorpus.Timings t =
        corpus.load(
            sealedSecrets,
            namespaces,
            ScaleBench::ns,
            intOption("load-threads", 12),
            intOption("sample-timeout-seconds", 30) * 10);
    Map<String, Double> after = reconciles();
    long writes =
        operatorRequests(from, Instant.now()).stream().filter(AuditLog.Request::write).count();
    table.put(
        "SealedSecrets (after the cold start, not in it)",
        String.format(
            "%d sealed in %s s, created in %s s; all unsealed %s s after the first create;"
                + " SealedSecret reconciles %.0f, operator writes %d",
            sealedSecrets,
            fmt(t.seal()),
            fmt(t.create()),
            fmt(t.unsealed()),
            after.getOrDefault("SealedSecret", 0.0) - before.getOrDefault("SealedSecret", 0.0),
            writes));
    sealed = corpus;
  }

  // ---------------------------------------------------------------- the operator

  private void startOperator(Path kubeconfig) throws IOException {
    metricsPort = freePort();
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> command =
        new ArrayList<>(
            List.of(
                java.toString(),
                // The chart: 768 MiB limit, heap 75 % of it (-XX:MaxRAMPercentage=75 in a
                // container); outside a container the same heap is given directly.
                "-Xmx" + heap,
                "-XX:+ExitOnOutOfMemoryError",
                "-Xlog:gc:file=" + workDir.resolve("gc.log"),
                "-jar",
                ownCopy(operatorJar).toString(),
                "operator",
                "--kubeconfig=" + kubeconfig,
                "--namespace=" + OPERATOR_NS,
                "--http-bind-address=127.0.0.1",
                "--http-port=" + metricsPort));
    // The drift kinds write owned objects as the harness's admin (system:masters), as a GitOps tool
    // or a break-glass administrator would; since issue 21 the generated guard refuses anyone else,
    // so that group is named break-glass (an operator without the flag has no guard either).
    if (operatorHelp(java).contains("--break-glass-group")) {
      command.add("--break-glass-group=system:masters");
    }
    if (options.containsKey("jfr")) {
      command.add(
          1, "-XX:StartFlightRecording=filename=" + options.get("jfr") + ",settings=profile");
    }
    say("starting the operator: " + String.join(" ", command));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.redirectOutput(workDir.resolve("operator.log").toFile());
    operator = builder.start();
    operatorPid = operator.pid();
  }

  /**
   * Stops the operator and starts it again on the cluster it enforced: the start without writes (an
   * upgrade, a rescheduled pod). Measured until every namespace was reconciled once successfully
   * and a baseline reconcile finished after that (the one that aggregates them), since the
   * baseline's status is already Ready from the first process.
   */
  private void restart(Path kubeconfig) throws Exception {
    say("restarting the operator");
    operator.destroy();
    if (!operator.waitFor(60, TimeUnit.SECONDS)) {
      operator.destroyForcibly().waitFor();
    }
    long startNanos = System.nanoTime();
    Instant started = Instant.now();
    startOperator(kubeconfig);
    long deadline = startNanos + TimeUnit.MINUTES.toNanos(intOption("start-timeout-minutes", 15));
    double allNamespaces = Double.NaN;
    double baselineBefore = 0;
    while (System.nanoTime() < deadline && operator.isAlive()) {
      Map<String, Double> success;
      try {
        success = reconcileCounts("success");
      } catch (IOException e) {
        Thread.sleep(250);
        continue;
      }
      double namespaceCount = success.getOrDefault("Namespace", 0.0);
      double baselineCount = success.getOrDefault("SecurityBaseline", 0.0);
      if (Double.isNaN(allNamespaces) && namespaceCount >= namespaces) {
        allNamespaces = seconds(System.nanoTime() - startNanos);
        baselineBefore = baselineCount;
      } else if (!Double.isNaN(allNamespaces) && baselineCount > baselineBefore) {
        double done = seconds(System.nanoTime() - startNanos);
        table.put(
            "P4 restart on the enforced cluster: start → every namespace reconciled, baseline"
                + " aggregated",
            String.format(
                "%s s (every namespace reconciled at %s s; load average %s then); operator CPU %s"
                    + " s; writes %d; peak RSS %s",
                fmt(done),
                fmt(allNamespaces),
                loadAverage(),
                fmt(cpuSeconds()),
                operatorRequests(started, Instant.now()).stream()
                    .filter(AuditLog.Request::write)
                    .count(),
                peakRss()));
        return;
      }
      Thread.sleep(250);
    }
    table.put("P4 restart on the enforced cluster", "did not finish: " + tail());
  }

  /** What {@code bulwark operator --help} of the operator jar prints. */
  private String operatorHelp(Path java) throws IOException {
    Process help =
        new ProcessBuilder(
                java.toString(), "-jar", ownCopy(operatorJar).toString(), "operator", "--help")
            .redirectErrorStream(true)
            .start();
    String text = new String(help.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      help.waitFor(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return text;
  }

  /**
   * With {@code --jfr=FILE}: writes what the flight recorder holds so far to FILE with {@code
   * suffix} before its extension (the operator is killed at the end, which would lose it).
   */
  private void dumpFlightRecording(String suffix) throws Exception {
    if (!options.containsKey("jfr")) {
      return;
    }
    String file = options.get("jfr").replaceFirst("(\\.jfr)?$", suffix + ".jfr");
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    Process p =
        new ProcessBuilder(
                jcmd.toString(), Long.toString(operatorPid), "JFR.dump", "filename=" + file)
            .redirectErrorStream(true)
            .start();
    p.getInputStream().readAllBytes();
    p.waitFor();
    notes.add("flight recording: " + file);
  }

  /** A copy of {@code jar} in the work directory: a rebuild during the run cannot touch it. */
  private Path ownCopy(Path jar) throws IOException {
    Path copy = workDir.resolve("operator.jar");
    Files.copy(jar, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    return copy;
  }

  private static int freePort() throws IOException {
    try (var socket = new java.net.ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /**
   * Seconds from the operator's start until the baseline is Ready with every namespace matched and
   * every namespace carries the enforce label and the default-deny policy.
   */
  private double awaitEnforced(long startNanos) throws Exception {
    long deadline = startNanos + TimeUnit.MINUTES.toNanos(intOption("start-timeout-minutes", 15));
    while (System.nanoTime() < deadline) {
      if (!operator.isAlive()) {
        throw new IllegalStateException(
            "the operator exited with " + operator.exitValue() + "; log: " + tail());
      }
      GenericKubernetesResource baseline =
          admin.genericKubernetesResources(BASELINES).withName("scale-0").get();
      if (ready(baseline) && matched(baseline) >= namespaces) {
        long labelled =
            admin
                .namespaces()
                .withLabel(ENFORCE, "restricted")
                .withLabel(SCALE_LABEL)
                .list()
                .getItems()
                .size();
        long policies =
            admin
                .network()
                .v1()
                .networkPolicies()
                .inAnyNamespace()
                .withField("metadata.name", DEFAULT_DENY)
                .list()
                .getItems()
                .size();
        if (labelled >= namespaces && policies >= namespaces) {
          return seconds(System.nanoTime() - startNanos);
        }
      }
      Thread.sleep(250);
    }
    throw new TimeoutException("not enforced in time; operator log: " + tail());
  }

  @SuppressWarnings("unchecked")
  private static boolean ready(GenericKubernetesResource baseline) {
    if (baseline == null) {
      return false;
    }
    Object status = baseline.getAdditionalProperties().get("status");
    if (!(status instanceof Map<?, ?> s) || !(s.get("conditions") instanceof List<?> conditions)) {
      return false;
    }
    return conditions.stream()
        .map(c -> (Map<String, Object>) c)
        .anyMatch(c -> "Ready".equals(c.get("type")) && "True".equals(c.get("status")));
  }

  private static int matched(GenericKubernetesResource baseline) {
    return number(baseline, "namespaces", "matched");
  }

  private static int violationsTotal(GenericKubernetesResource baseline) {
    return number(baseline, "violations", "total");
  }

  private static int number(GenericKubernetesResource baseline, String section, String field) {
    if (baseline == null
        || !(baseline.getAdditionalProperties().get("status") instanceof Map<?, ?> status)
        || !(status.get(section) instanceof Map<?, ?> part)
        || !(part.get(field) instanceof Number n)) {
      return -1;
    }
    return n.intValue();
  }

  private String tail() {
    try {
      List<String> lines = Files.readAllLines(workDir.resolve("operator.log"));
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private String username() {
    return "system:serviceaccount:" + OPERATOR_NS + ":" + OPERATOR_SA;
  }

  private List<AuditLog.Request> operatorRequests(Instant from, Instant to) {
    return AuditLog.read(plane.auditLog()).stream()
        .filter(r -> r.username().equals(username()))
        .filter(r -> !r.completed().isBefore(from) && !r.completed().isAfter(to))
        .toList();
  }

  /**
   * LISTs per resource by the operator in the window: a LIST and its continuation pages count as
   * one, the pages are shown beside it when there are more than one.
   */
  private String listsPerResource(Instant from, Instant to) {
    List<AuditLog.Request> lists =
        operatorRequests(from, to).stream().filter(r -> r.verb().equals("list")).toList();
    Map<String, Long> firsts =
        lists.stream()
            .filter(r -> !r.requestUri().contains("continue="))
            .collect(
                Collectors.groupingBy(
                    AuditLog.Request::resource, TreeMap::new, Collectors.counting()));
    Map<String, Long> pages =
        lists.stream()
            .collect(
                Collectors.groupingBy(
                    AuditLog.Request::resource, TreeMap::new, Collectors.counting()));
    boolean one = firsts.values().stream().allMatch(c -> c == 1);
    return firsts.entrySet().stream()
            .map(
                e ->
                    e.getKey()
                        + " "
                        + e.getValue()
                        + (pages.get(e.getKey()) > e.getValue()
                            ? " (" + pages.get(e.getKey()) + " pages)"
                            : ""))
            .collect(Collectors.joining(", "))
        + (one ? "; one each" : "; two where two informers watch the kind");
  }

  /** The operator's reconcile counts per controller, from its /metrics. */
  private Map<String, Double> reconciles() throws Exception {
    return reconcileCounts("started");
  }

  /**
   * The operator's {@code operator_sdk_reconciliations_<which>_total} per controller (started,
   * success, failed); empty while /metrics does not answer.
   */
  private Map<String, Double> reconcileCounts(String which) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort + "/metrics"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    Map<String, Double> counts = new TreeMap<>();
    Files.writeString(workDir.resolve("metrics-last.txt"), response.body());
    // One series per controller; the key is the series' kind label (Namespace, SecurityBaseline,
    // SealedSecret), else its whole label set.
    Pattern line =
        Pattern.compile("^operator_sdk_reconciliations_" + which + "_total\\{(.*)\\} (\\S+)$");
    Pattern kind = Pattern.compile("(?:^|,)kind=\"([^\"]+)\"");
    for (String l : response.body().split("\n")) {
      Matcher m = line.matcher(l);
      if (m.matches()) {
        Matcher k = kind.matcher(m.group(1));
        counts.merge(
            k.find() ? k.group(1) : m.group(1), Double.parseDouble(m.group(2)), Double::sum);
      }
    }
    return counts;
  }

  // ---------------------------------------------------------------- drift

  /** One drift sample: makes a change in a namespace and returns seconds until it was handled. */
  @FunctionalInterface
  interface Sample {
    double run(String namespace, int index) throws Exception;
  }

  private void measureDrift(String kind, Sample sample, String cleanup) throws Exception {
    say("drift: " + kind + " (" + samples + " samples)");
    Map<String, Double> before = reconciles();
    Instant from = Instant.now();
    List<Double> latencies = new ArrayList<>();
    int timeouts = 0;
    for (int i = 0; i < samples; i++) {
      String ns = ns((int) ((long) i * 7919 % namespaces));
      try {
        latencies.add(sample.run(ns, i));
      } catch (TimeoutException e) {
        timeouts++;
      }
    }
    // The settle check after a repair comes 2 s later: let it run before counting.
    Thread.sleep(4_000);
    Instant to = Instant.now();
    Map<String, Double> after = reconciles();
    List<AuditLog.Request> requests = operatorRequests(from, to);
    long writes = requests.stream().filter(AuditLog.Request::write).count();
    String writeKinds =
        requests.stream()
            .filter(AuditLog.Request::write)
            .collect(
                Collectors.groupingBy(
                    r ->
                        r.verb()
                            + " "
                            + r.resource()
                            + (r.subresource().isEmpty() ? "" : "/" + r.subresource()),
                    TreeMap::new,
                    Collectors.counting()))
            .toString();
    StringBuilder perController = new StringBuilder();
    for (var e : after.entrySet()) {
      double delta = e.getValue() - before.getOrDefault(e.getKey(), 0.0);
      perController.append(String.format("%s %.2f ", e.getKey(), delta / samples));
    }
    latencies.sort(Double::compare);
    table.put(
        "P3 drift: " + kind,
        String.format(
            "p50 %s p90 %s p99 %s max %s s (%d samples%s)",
            fmt(pct(latencies, 50)),
            fmt(pct(latencies, 90)),
            fmt(pct(latencies, 99)),
            fmt(latencies.isEmpty() ? Double.NaN : latencies.get(latencies.size() - 1)),
            latencies.size(),
            timeouts == 0 ? "" : ", " + timeouts + " timed out"));
    table.put(
        "P6 per change: " + kind,
        String.format(
            "reconciles %s; writes %.2f %s",
            perController.toString().trim(), (double) writes / samples, writeKinds));
    if ("pods".equals(cleanup)) {
      admin.pods().inAnyNamespace().withLabel("bench.bulwark.dev/drift").delete();
    } else if ("bindings".equals(cleanup)) {
      admin.rbac().roleBindings().inAnyNamespace().withLabel("bench.bulwark.dev/drift").delete();
    } else if ("networkpolicies".equals(cleanup)) {
      admin
          .network()
          .v1()
          .networkPolicies()
          .inAnyNamespace()
          .withLabel("bench.bulwark.dev/drift")
          .delete();
    }
    Thread.sleep(3_000);
  }

  private static double pct(List<Double> sorted, int p) {
    if (sorted.isEmpty()) {
      return Double.NaN;
    }
    int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
  }

  private double sampleOwnedDeleted(String ns, int i) throws Exception {
    var policy = admin.network().v1().networkPolicies().inNamespace(ns).withName(DEFAULT_DENY);
    return timed(policy, () -> policy.delete(), p -> p != null);
  }

  private double sampleOwnedEdited(String ns, int i) throws Exception {
    var policy = admin.network().v1().networkPolicies().inNamespace(ns).withName(DEFAULT_DENY);
    return timed(
        policy,
        () ->
            policy.edit(
                p -> {
                  p.getSpec().setIngress(new ArrayList<>(List.of(new NetworkPolicyIngressRule())));
                  return p;
                }),
        (NetworkPolicy p) ->
            p != null && (p.getSpec().getIngress() == null || p.getSpec().getIngress().isEmpty()));
  }

  private double sampleLabelRemoved(String ns, int i) throws Exception {
    var namespace = admin.namespaces().withName(ns);
    return timed(
        namespace,
        () ->
            namespace.edit(
                n -> {
                  n.getMetadata().getLabels().remove(ENFORCE);
                  return n;
                }),
        n -> n != null && n.getMetadata().getLabels().containsKey(ENFORCE));
  }

  private double sampleViolatingPod(String ns, int i) throws Exception {
    var baseline = admin.genericKubernetesResources(BASELINES).withName("scale-0");
    int before = violationsTotal(baseline.get());
    return timed(
        baseline,
        () ->
            admin
                .pods()
                .inNamespace(ns)
                .resource(
                    new PodBuilder()
                        .withNewMetadata()
                        .withName("drift-" + i)
                        .addToLabels("bench.bulwark.dev/drift", "true")
                        .endMetadata()
                        .withSpec(undigested(restrictedSpec("app-0")))
                        .build())
                .create(),
        b -> violationsTotal(b) > before);
  }

  /**
   * Adds an ephemeral container to a pod a ReplicaSet made, through the {@code ephemeralcontainers}
   * subresource as {@code kubectl debug} does: until then the Deployment's template stands for the
   * pod; the container meets restricted (the namespace enforces it) but its image is not pinned by
   * digest, so the pod, judged on its own now, adds a violation. Sample {@code i} debugs owned pod
   * {@code i mod owned} of its namespace; the containers stay (they cannot be removed), so the
   * quiet window and the heap that follow include these pods.
   */
  private double sampleDebugContainer(String ns, int i) throws Exception {
    var baseline = admin.genericKubernetesResources(BASELINES).withName("scale-0");
    int before = violationsTotal(baseline.get());
    int owned = podsPerNamespace - podsPerNamespace / 5;
    int p = i % Math.max(1, owned);
    int d = deployments == 0 ? 0 : p % deployments;
    String pod = "app-" + d + "-5d4f8c7b9-" + p;
    EphemeralContainer debugger =
        new EphemeralContainerBuilder()
            .withName("debugger-" + i)
            .withImage("busybox:1.36")
            .withTargetContainerName("main")
            .withNewSecurityContext()
            .withAllowPrivilegeEscalation(false)
            .withNewCapabilities()
            .addToDrop("ALL")
            .endCapabilities()
            .endSecurityContext()
            .build();
    return timed(
        baseline,
        () ->
            admin
                .pods()
                .inNamespace(ns)
                .withName(pod)
                .ephemeralContainers()
                .edit(
                    current -> {
                      current.getSpec().getEphemeralContainers().add(debugger);
                      return current;
                    }),
        b -> violationsTotal(b) > before);
  }

  /**
   * Patches the {@value SealedSecretCorpus#KEY} value of an unsealed Secret (a JSON merge patch of
   * {@code data}) and waits for the watch event that shows the sealed value back. The namespace
   * given is not used: sample {@code i} takes SealedSecret {@code i × 7919 mod N}, so up to N
   * samples each edit a different Secret.
   */
  private double sampleSealed(String unused, int i) throws Exception {
    String[] target = sealed.secret((int) ((long) i * 7919 % sealed.size()));
    var secret = admin.secrets().inNamespace(target[0]).withName(target[1]);
    String edited =
        java.util.Base64.getEncoder()
            .encodeToString(("edited-" + i).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    return timed(
        secret,
        () ->
            secret.patch(
                io.fabric8.kubernetes.client.dsl.base.PatchContext.of(
                    io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE),
                "{\"data\":{\"" + SealedSecretCorpus.KEY + "\":\"" + edited + "\"}}"),
        sealed::holdsSealedValue);
  }

  private static PodSpec undigested(PodSpec spec) {
    spec.getContainers().get(0).setImage("nginx:1.27");
    return spec;
  }

  private double sampleDangerousBinding(String ns, int i) throws Exception {
    var baseline = admin.genericKubernetesResources(BASELINES).withName("scale-0");
    int before = violationsTotal(baseline.get());
    return timed(
        baseline,
        () ->
            admin
                .rbac()
                .roleBindings()
                .inNamespace(ns)
                .resource(
                    new RoleBindingBuilder()
                        .withNewMetadata()
                        .withName("drift-admin-" + i)
                        .addToLabels("bench.bulwark.dev/drift", "true")
                        .endMetadata()
                        .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", "cluster-admin")
                        .addNewSubject()
                        .withKind("ServiceAccount")
                        .withName("app-0")
                        .withNamespace(ns)
                        .endSubject()
                        .build())
                .create(),
        b -> violationsTotal(b) > before);
  }

  /**
   * Creates a tenant NetworkPolicy that allows all ingress and egress (it reopens both directions
   * the baseline denies by default) as the harness's admin, a break-glass subject the generated
   * tenant check lets through, and waits for the baseline's violation total to count it.
   */
  private double sampleTenantPolicy(String ns, int i) throws Exception {
    var baseline = admin.genericKubernetesResources(BASELINES).withName("scale-0");
    int before = violationsTotal(baseline.get());
    return timed(
        baseline,
        () ->
            admin
                .network()
                .v1()
                .networkPolicies()
                .inNamespace(ns)
                .resource(
                    new io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder()
                        .withNewMetadata()
                        .withName("drift-open-" + i)
                        .addToLabels("bench.bulwark.dev/drift", "true")
                        .endMetadata()
                        .withNewSpec()
                        .withNewPodSelector()
                        .endPodSelector()
                        .withPolicyTypes("Ingress", "Egress")
                        .addNewIngress()
                        .endIngress()
                        .addNewEgress()
                        .endEgress()
                        .endSpec()
                        .build())
                .create(),
        b -> violationsTotal(b) > before);
  }

  /**
   * Empties the results of the namespace's Report (a JSON merge patch, as another writer would) and
   * waits for the watch event of a later version that holds results again.
   */
  private double sampleReport(String ns, int i) throws Exception {
    var report =
        admin
            .genericKubernetesResources(OpenReport.RESOURCE)
            .inNamespace(ns)
            .withName(OpenReport.NAME);
    String[] emptied = {null};
    return timed(
        report,
        () ->
            emptied[0] =
                report
                    .patch(
                        io.fabric8.kubernetes.client.dsl.base.PatchContext.of(
                            io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE),
                        "{\"results\":[]}")
                    .getMetadata()
                    .getResourceVersion(),
        r ->
            r != null
                && emptied[0] != null
                && Long.parseLong(r.getMetadata().getResourceVersion()) > Long.parseLong(emptied[0])
                && r.getAdditionalProperties().get("results") instanceof List<?> results
                && !results.isEmpty());
  }

  /** VmHWM and VmRSS of the API server and etcd (children of this JVM), from /proc/PID/status. */
  private static String controlPlaneMemory() {
    List<String> parts = new ArrayList<>();
    ProcessHandle.current()
        .descendants()
        .forEach(
            p -> {
              String command = p.info().command().orElse("");
              String name = command.substring(command.lastIndexOf('/') + 1);
              if (name.equals("kube-apiserver") || name.equals("etcd")) {
                parts.add(name + " " + vmFigures(p.pid()));
              }
            });
    parts.sort(null);
    return parts.isEmpty() ? "?" : String.join("; ", parts);
  }

  private static String vmFigures(long pid) {
    long hwm = -1;
    long rss = -1;
    try {
      for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (l.startsWith("VmHWM:")) {
          hwm = Long.parseLong(l.replaceAll("\\D", "")) >> 10;
        } else if (l.startsWith("VmRSS:")) {
          rss = Long.parseLong(l.replaceAll("\\D", "")) >> 10;
        }
      }
    } catch (IOException e) {
      return "?";
    }
    return "peak " + hwm + " MiB, now " + rss + " MiB";
  }

  /**
   * Watches {@code target}, makes the change, and returns the seconds from the change's response
   * until the watch shows {@code repaired} after having shown it broken (null: deleted).
   */
  private <T> double timed(Watchable<T> target, Runnable change, Predicate<T> repaired)
      throws Exception {
    CompletableFuture<Long> done = new CompletableFuture<>();
    boolean[] broken = {false};
    Object lock = new Object();
    try (Watch watch =
        target.watch(
            new Watcher<T>() {
              @Override
              public void eventReceived(Action action, T resource) {
                boolean ok = action != Action.DELETED && repaired.test(resource);
                synchronized (lock) {
                  if (!ok) {
                    broken[0] = true;
                  } else if (broken[0]) {
                    done.complete(System.nanoTime());
                  }
                }
              }

              @Override
              public void onClose(WatcherException cause) {}
            })) {
      long changed;
      synchronized (lock) {
        // The watch opens with the current state (not broken yet for label/ policy kinds; for
        // counters the current total is "not yet repaired").
      }
      change.run();
      changed = System.nanoTime();
      synchronized (lock) {
        broken[0] = true;
      }
      long at = done.get(intOption("sample-timeout-seconds", 30), TimeUnit.SECONDS);
      return Math.max(0, seconds(at - changed));
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
  }

  /**
   * A burst of drift across many namespaces at once (issue 24 item 4): the default-deny policy of
   * up to 200 namespaces edited additively from 16 threads; the operator's writes from the first
   * edit until every repair is counted in the baseline's {@code status.drift.repairs}, plus 4 s.
   * Status writes are set beside ⌈seconds until counted⌉ + 1, what one write per second (the
   * production {@code statusWriteInterval}) allows.
   */
  private void measureBurst() throws Exception {
    int n = Math.min(namespaces, 200);
    say("burst: " + n + " owned policies edited at once");
    var baseline = admin.genericKubernetesResources(BASELINES).withName("scale-0");
    int before = number(baseline.get(), "drift", "repairs");
    Instant from = Instant.now();
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      List<Future<?>> edits = new ArrayList<>();
      for (int k = 0; k < n; k++) {
        var policy =
            admin.network().v1().networkPolicies().inNamespace(ns(k)).withName(DEFAULT_DENY);
        edits.add(
            pool.submit(
                () ->
                    policy.patch(
                        io.fabric8.kubernetes.client.dsl.base.PatchContext.of(
                            io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE),
                        "{\"spec\":{\"ingress\":[{}]}}")));
      }
      for (Future<?> edit : edits) {
        edit.get();
      }
    } finally {
      pool.shutdown();
    }
    double editing = seconds(java.time.Duration.between(from, Instant.now()).toNanos());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (number(baseline.get(), "drift", "repairs") < before + n
        && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    int counted = number(baseline.get(), "drift", "repairs") - before;
    double untilCounted = seconds(java.time.Duration.between(from, Instant.now()).toNanos());
    Thread.sleep(4_000);
    List<AuditLog.Request> writes =
        operatorRequests(from, Instant.now()).stream().filter(AuditLog.Request::write).toList();
    long status =
        writes.stream()
            .filter(r -> "securitybaselines".equals(r.resource()))
            .filter(r -> "status".equals(r.subresource()))
            .count();
    table.put(
        "P6 burst: " + n + " owned policies edited at once across " + n + " namespaces",
        String.format(
            "edits took %s s; %d of %d repairs in status.drift after %s s; status writes %d"
                + " (one per second allows %d); writes %s",
            fmt(editing),
            counted,
            n,
            fmt(untilCounted),
            status,
            (long) Math.ceil(untilCounted) + 1,
            writes.stream()
                .collect(
                    Collectors.groupingBy(
                        r ->
                            r.verb()
                                + " "
                                + r.resource()
                                + (r.subresource().isEmpty() ? "" : "/" + r.subresource()),
                        TreeMap::new,
                        Collectors.counting()))));
  }

  // ---------------------------------------------------------------- quiet, memory, report

  private void quietWindow() throws Exception {
    say("quiet window: " + quietSeconds + " s");
    Map<String, Double> before = reconciles();
    Instant from = Instant.now();
    double cpuBefore = cpuSeconds();
    Thread.sleep(quietSeconds * 1000L);
    double cpu = cpuSeconds() - cpuBefore;
    Instant to = Instant.now();
    Map<String, Double> after = reconciles();
    long writes = operatorRequests(from, to).stream().filter(AuditLog.Request::write).count();
    StringBuilder perController = new StringBuilder();
    for (var e : after.entrySet()) {
      perController.append(
          String.format(
              " %s %.0f", e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0.0)));
    }
    table.put(
        "P6 quiet window",
        writes
            + " writes in "
            + quietSeconds
            + " s; operator CPU "
            + fmt(cpu)
            + " s ("
            + String.format("%.2f", 100 * cpu / quietSeconds)
            + " % of a core); reconciles"
            + perController);
  }

  /** Live heap after a full GC (class histogram), and its largest classes for the profile. */
  private void memory() throws Exception {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    Process p =
        new ProcessBuilder(jcmd.toString(), Long.toString(operatorPid), "GC.class_histogram")
            .redirectErrorStream(true)
            .start();
    String histogram = new String(p.getInputStream().readAllBytes());
    p.waitFor();
    Path histogramFile = workDir.resolve("class-histogram.txt");
    Files.writeString(histogramFile, histogram);
    long total = -1;
    List<String> top = new ArrayList<>();
    for (String l : histogram.split("\n")) {
      String t = l.trim();
      if (t.startsWith("Total")) {
        total = Long.parseLong(t.split("\\s+")[2]);
      } else if (t.matches("^\\d+:\\s+\\d+\\s+\\d+\\s+.*") && top.size() < 12) {
        String[] parts = t.split("\\s+");
        top.add(parts[3] + " " + parts[1] + " / " + (Long.parseLong(parts[2]) >> 20) + " MiB");
      }
    }
    long pods = (long) namespaces * podsPerNamespace;
    table.put(
        "P5 heap after a full GC",
        String.format(
            "%d MiB; %.1f KiB per cached pod (whole heap / pods)",
            total >> 20, total / 1024.0 / pods));
    notes.add("largest classes after full GC (instances / MiB): " + String.join("; ", top));
    long timerTasks =
        histogram
            .lines()
            .filter(l -> l.contains("EventProducerTimeTask") || l.contains("ScheduledFutureTask"))
            .mapToLong(l -> Long.parseLong(l.trim().split("\\s+")[1]))
            .sum();
    table.put(
        "P6 live timer tasks (java-operator-sdk's and scheduled futures)",
        Long.toString(timerTasks));
    notes.add("histogram: " + histogramFile + ", GC log: " + workDir.resolve("gc.log"));
  }

  private String peakRss() throws IOException {
    for (String l : Files.readAllLines(Path.of("/proc/" + operatorPid + "/status"))) {
      if (l.startsWith("VmHWM:")) {
        long kib = Long.parseLong(l.replaceAll("\\D", ""));
        return (kib >> 10) + " MiB";
      }
    }
    return "?";
  }

  private double cpuSeconds() throws IOException {
    String stat = Files.readString(Path.of("/proc/" + operatorPid + "/stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    // utime and stime are fields 14 and 15 of /proc/pid/stat, in clock ticks (USER_HZ = 100)
    return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
  }

  private void report() throws IOException {
    String machine =
        String.format(
            "%d cores, %s, load average %s (machine shared with other builds: figures are noisy)",
            Runtime.getRuntime().availableProcessors(),
            cpuModel(),
            Files.readString(Path.of("/proc/loadavg")).trim().split(" ", 4)[0]
                + " "
                + Files.readString(Path.of("/proc/loadavg")).trim().split(" ")[1]
                + " "
                + Files.readString(Path.of("/proc/loadavg")).trim().split(" ")[2]);
    String params =
        String.format(
            "%d namespaces × %d pods = %d pods (20 %% bare and violating, the rest owned by"
                + " ReplicaSets of %d Deployments per namespace), %d ServiceAccounts and %d RoleBindings"
                + " per namespace, %d ClusterRoleBindings, %d baseline(s), %d samples per drift kind,"
                + " %d SealedSecrets, admission policies %s, %d s quiet window, operator heap"
                + " -Xmx%s, jar %s",
            namespaces,
            podsPerNamespace,
            namespaces * podsPerNamespace,
            deployments,
            serviceAccounts,
            roleBindings,
            clusterRoleBindings,
            baselines,
            samples,
            sealedSecrets,
            options.getOrDefault("admission-policies", "false"),
            quietSeconds,
            heap,
            operatorJar);
    StringBuilder out = new StringBuilder();
    out.append("\n### ")
        .append(label.isEmpty() ? "run" : label)
        .append(", ")
        .append(Instant.now().toString(), 0, 16)
        .append("Z\n\n")
        .append("Parameters: ")
        .append(params)
        .append(".  \nMachine: ")
        .append(machine)
        .append(".\n\n| figure | value |\n| --- | --- |\n");
    table.forEach((k, v) -> out.append("| ").append(k).append(" | ").append(v).append(" |\n"));
    out.append(
        "\nGoals (issue 24): P3 drift p99 < 1 s for every kind at 150,000 pods / 10,000"
            + " namespaces; P4 cold start ≤ 10 s at 50,000 pods, ≤ 30 s at 150,000; P5 peak RSS"
            + " within a 1 GiB memory limit at 150,000 pods; P6 0 writes and < 1 % of a core in a"
            + " 10-minute quiet window, ≤ 2 writes per repair.\n");
    for (String note : notes) {
      out.append("\n- ").append(note);
    }
    out.append("\n");
    System.out.println(out);
    Files.createDirectories(results.toAbsolutePath().getParent());
    Files.writeString(
        results, out.toString(), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    say("appended to " + results);
  }

  private static String loadAverage() {
    try {
      return String.join(
              " ", Files.readString(Path.of("/proc/loadavg")).trim().split(" ", 4)[0].split(" "))
          + " "
          + String.join(" ", Files.readString(Path.of("/proc/loadavg")).trim().split(" ")[1])
          + " "
          + Files.readString(Path.of("/proc/loadavg")).trim().split(" ")[2];
    } catch (IOException e) {
      return "?";
    }
  }

  private static String cpuModel() {
    try {
      return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
          .filter(l -> l.startsWith("model name"))
          .findFirst()
          .map(l -> l.substring(l.indexOf(':') + 1).trim())
          .orElse("unknown CPU");
    } catch (IOException e) {
      return "unknown CPU";
    }
  }

  private void close() {
    if (operator != null && operator.isAlive()) {
      operator.destroyForcibly();
    }
    if (admin != null) {
      admin.close();
    }
    if (plane != null) {
      plane.close();
    }
  }

  private static double seconds(long nanos) {
    return nanos / 1e9;
  }

  private static String fmt(double value) {
    return Double.isNaN(value) ? "-" : String.format("%.2f", value);
  }

  private static void say(String message) {
    System.err.println("scale: " + message);
  }
}
