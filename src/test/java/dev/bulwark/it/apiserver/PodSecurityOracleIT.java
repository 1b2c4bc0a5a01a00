package dev.bulwark.it.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.policy.EngineConfig;
import dev.bulwark.policy.Finding;
import dev.bulwark.policy.Level;
import dev.bulwark.policy.PolicyEngine;
import dev.bulwark.policy.PolicyVersion;
import dev.bulwark.policy.oracle.BoundaryPodGenerator;
import dev.bulwark.testing.LocalCluster;
import dev.bulwark.testing.TestCluster;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The real API server's PodSecurity admission is the oracle: pods near the baseline/restricted
 * boundary, drawn by {@link BoundaryPodGenerator} from a fixed seed (replay or vary a run with
 * {@code -Dbulwark.oracle.seed=N}; the seed is printed first), are sent as server-side dry-run
 * creates into namespaces labelled {@code enforce=<level>} and {@code enforce-version=<version>},
 * and the engine must give the same verdict for every one. Each pod is judged at both levels at
 * {@code latest} and at one older version drawn from a set around upstream's rule changes.
 *
 * <p>Ephemeral containers cannot be created with a pod, and a Deployment or PodTemplate would only
 * get PodSecurity <em>warnings</em>, so for pods with ephemeral containers the oracle creates the
 * pod without them (for real), then adds them through a dry-run update of the {@code
 * ephemeralcontainers} subresource, which PodSecurity enforces on the whole pod. If the pod without
 * them is already refused by PodSecurity, the verdict is "refused": every upstream check only
 * collects offending containers, so adding containers never turns a refusal into an admission.
 *
 * <p>Pods the server rejects for other reasons (validation) are skipped and counted by status.
 */
@LocalCluster
class PodSecurityOracleIT {

  private static final int PODS = Integer.getInteger("bulwark.oracle.pods", 2_700);
  private static final long SEED = BoundaryPodGenerator.seedFromSystemProperty();
  private static final List<PolicyVersion> OLDER =
      List.of("v1.0", "v1.18", "v1.22", "v1.24", "v1.30", "v1.34", "v1.36").stream()
          .map(PolicyVersion::parse)
          .toList();
  private static final List<Level> LEVELS = List.of(Level.BASELINE, Level.RESTRICTED);
  private static final String PSA_REFUSAL = "violates PodSecurity";

  private static final ObjectMapper STATUS_READER = new ObjectMapper();
  private final ObjectMapper json = new ObjectMapper();
  private final AtomicInteger names = new AtomicInteger();

  /** Outcome of one pod at one level and version. */
  private enum Verdict {
    ADMITTED,
    REFUSED,
    SKIPPED
  }

  private record Judgement(Verdict verdict, String detail) {}

  @Test
  void engineAgreesWithTheApiServersPodSecurityAdmission(TestCluster cluster) throws Exception {
    Map<String, String> namespaces = new LinkedHashMap<>();
    List<PolicyVersion> versions = new ArrayList<>(OLDER);
    versions.add(PolicyVersion.LATEST);
    for (Level level : LEVELS) {
      for (PolicyVersion version : versions) {
        namespaces.put(
            key(level, version),
            cluster.createNamespace(
                Map.of(
                    "pod-security.kubernetes.io/enforce", level.label(),
                    "pod-security.kubernetes.io/enforce-version", version.toString())));
      }
    }
    Map<String, PolicyEngine> engines = new ConcurrentHashMap<>();

    System.out.printf(
        "PodSecurity oracle: seed %d, %d pods (replay with -D%s=%d)%n",
        SEED, PODS, BoundaryPodGenerator.SEED_PROPERTY, SEED);
    List<Pod> pods = new BoundaryPodGenerator(SEED).pods(PODS);
    Random random = new Random(SEED);
    List<PolicyVersion> olderVersionOfPod = new ArrayList<>(PODS);
    for (int i = 0; i < PODS; i++) {
      olderVersionOfPod.add(OLDER.get(random.nextInt(OLDER.size())));
    }

    Map<String, Integer> skipped = new TreeMap<>();
    List<String> disagreements = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger compared = new AtomicInteger();
    AtomicInteger admitted = new AtomicInteger();
    AtomicInteger refused = new AtomicInteger();
    AtomicInteger podsCompared = new AtomicInteger();
    AtomicInteger withEphemeral = new AtomicInteger();
    AtomicInteger windows = new AtomicInteger();
    long started = System.nanoTime();
    try (KubernetesClient client = cluster.newClient()) {
      ExecutorService pool = Executors.newFixedThreadPool(6);
      List<Future<?>> futures = new ArrayList<>();
      for (int i = 0; i < PODS; i++) {
        Pod pod = pods.get(i);
        PolicyVersion older = olderVersionOfPod.get(i);
        futures.add(
            pool.submit(
                () -> {
                  boolean any = false;
                  for (Level level : LEVELS) {
                    for (PolicyVersion version : List.of(PolicyVersion.LATEST, older)) {
                      String namespace = namespaces.get(key(level, version));
                      Judgement server = judge(client, namespace, pod);
                      if (server.verdict() == Verdict.SKIPPED) {
                        synchronized (skipped) {
                          skipped.merge(server.detail(), 1, Integer::sum);
                        }
                        continue;
                      }
                      PolicyEngine engine =
                          engines.computeIfAbsent(
                              key(level, version),
                              k -> new PolicyEngine(EngineConfig.podSecurityOnly(level, version)));
                      List<Finding> findings =
                          engine.podSecurityFindings(pod.getMetadata(), pod.getSpec());
                      boolean ours = findings.isEmpty();
                      boolean theirs = server.verdict() == Verdict.ADMITTED;
                      compared.incrementAndGet();
                      (theirs ? admitted : refused).incrementAndGet();
                      any = true;
                      if (ours != theirs) {
                        disagreements.add(
                            level
                                + ":"
                                + version
                                + " server="
                                + server
                                + " engine="
                                + findings
                                + "\n"
                                + Serialization.asYaml(pod));
                      }
                    }
                  }
                  if (any) {
                    podsCompared.incrementAndGet();
                    if (pod.getSpec().getEphemeralContainers() != null
                        && !pod.getSpec().getEphemeralContainers().isEmpty()) {
                      withEphemeral.incrementAndGet();
                    }
                    if (pod.getSpec().getOs() != null
                        && "windows".equals(pod.getSpec().getOs().getName())) {
                      windows.incrementAndGet();
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> future : futures) {
        future.get(5, TimeUnit.MINUTES);
      }
      pool.shutdown();
    }
    int skippedTotal = skipped.values().stream().mapToInt(Integer::intValue).sum();
    System.out.printf(
        "PodSecurity oracle (seed %d): %d pods generated, %d compared (%d with ephemeral"
            + " containers, %d Windows); %d verdicts compared (%d admitted, %d refused),"
            + " %d skipped %s, %d disagreements, %.1f s%n",
        SEED,
        PODS,
        podsCompared.get(),
        withEphemeral.get(),
        windows.get(),
        compared.get(),
        admitted.get(),
        refused.get(),
        skippedTotal,
        skipped,
        disagreements.size(),
        (System.nanoTime() - started) / 1e9);
    assertThat(disagreements).as("disagreements with the API server").isEmpty();
    assertThat(podsCompared.get()).as("pods compared").isGreaterThanOrEqualTo(2_000);
    assertThat(admitted.get()).as("admitted verdicts").isGreaterThan(compared.get() / 10);
    assertThat(refused.get()).as("refused verdicts").isGreaterThan(compared.get() / 10);
    assertThat(withEphemeral.get()).as("pods with ephemeral containers").isGreaterThan(100);
    assertThat(windows.get()).as("Windows pods").isGreaterThan(100);
  }

  private Judgement judge(KubernetesClient client, String namespace, Pod pod) throws Exception {
    boolean hasEphemeral =
        pod.getSpec().getEphemeralContainers() != null
            && !pod.getSpec().getEphemeralContainers().isEmpty();
    String base = "api/v1/namespaces/" + namespace + "/pods";
    if (!hasEphemeral) {
      return classify(send(client, post(client, base + "?dryRun=All", Serialization.asJson(pod))));
    }
    ObjectNode withoutEphemeral = json.valueToTree(pod);
    ((ObjectNode) withoutEphemeral.get("spec")).remove("ephemeralContainers");
    String name = "oracle-" + names.incrementAndGet();
    ((ObjectNode) withoutEphemeral.get("metadata")).put("name", name);
    HttpResponse<String> created =
        send(client, post(client, base, json.writeValueAsString(withoutEphemeral)));
    if (created.code() != 201) {
      return classify(created);
    }
    try {
      ObjectNode live = (ObjectNode) json.readTree(created.body());
      ((ObjectNode) live.get("spec"))
          .set("ephemeralContainers", json.valueToTree(pod.getSpec().getEphemeralContainers()));
      HttpRequest update =
          client
              .getHttpClient()
              .newHttpRequestBuilder()
              .uri(url(client, base + "/" + name + "/ephemeralcontainers?dryRun=All"))
              .put("application/json", json.writeValueAsString(live))
              .build();
      return classify(send(client, update));
    } finally {
      send(
          client,
          client
              .getHttpClient()
              .newHttpRequestBuilder()
              .uri(url(client, base + "/" + name + "?gracePeriodSeconds=0"))
              .delete("application/json", "{}")
              .build());
    }
  }

  private static Judgement classify(HttpResponse<String> response) {
    int code = response.code();
    if (code == 200 || code == 201) {
      return new Judgement(Verdict.ADMITTED, "");
    }
    String body = response.body() == null ? "" : response.body();
    if (code == 403 && body.contains(PSA_REFUSAL)) {
      return new Judgement(Verdict.REFUSED, body);
    }
    return new Judgement(Verdict.SKIPPED, "HTTP " + code + " " + reason(body));
  }

  /** The status reason and the first invalid field, e.g. {@code Invalid spec.os.name}. */
  private static String reason(String body) {
    JsonNode status;
    try {
      status = STATUS_READER.readTree(body);
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

  private static HttpRequest post(KubernetesClient client, String path, String body) {
    return client
        .getHttpClient()
        .newHttpRequestBuilder()
        .uri(url(client, path))
        .post("application/json", body)
        .build();
  }

  private static String url(KubernetesClient client, String path) {
    String master = client.getMasterUrl().toString();
    return (master.endsWith("/") ? master : master + "/") + path;
  }

  private static HttpResponse<String> send(KubernetesClient client, HttpRequest request)
      throws Exception {
    HttpClient http = client.getHttpClient();
    return http.sendAsync(request, String.class).get(1, TimeUnit.MINUTES);
  }

  private static String key(Level level, PolicyVersion version) {
    return level + ":" + version;
  }
}
