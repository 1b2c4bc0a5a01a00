package dev.bulwark.it.multiprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bulwark.api.SealedSecret;
import dev.bulwark.api.SecurityBaseline;
import dev.bulwark.seal.KeyPem;
import dev.bulwark.seal.SecretSealer;
import dev.bulwark.testing.Baselines;
import dev.bulwark.testing.LocalCluster;
import dev.bulwark.testing.OperatorProcess;
import dev.bulwark.testing.RunningOperator;
import dev.bulwark.testing.TestCluster;
import dev.bulwark.testing.Workloads;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Path;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9, behaviour 8 (R1): a baseline rolls out to a set of namespaces and SealedSecrets are
 * unsealed while the operator's JVM is killed with SIGKILL at random moments and started again; the
 * end state equals, object for object, that of the same work done by an operator never interrupted.
 *
 * <p>Short by default; the long variant: {@code -Dbulwark.crash.namespaces=50
 * -Dbulwark.crash.secrets=50 -Dbulwark.crash.kills=10} (see README, "Long tests"). {@code
 * -Dbulwark.crash.seed} repeats a run's kill moments.
 */
@LocalCluster(controllerManager = true)
class CrashConsistencyIT {

  private static final int NAMESPACES = Integer.getInteger("bulwark.crash.namespaces", 8);
  private static final int SECRETS = Integer.getInteger("bulwark.crash.secrets", 8);
  private static final int KILLS = Integer.getInteger("bulwark.crash.kills", 3);
  private static final long SEED = Long.getLong("bulwark.crash.seed", System.nanoTime());
  private static final Duration CONVERGE = Duration.ofSeconds(180);

  private static final String SPEC =
      """
      namespaceSelector: {matchLabels: {team: %s}}
      podSecurity: {level: restricted}
      network: {defaultDeny: [Ingress, Egress]}
      serviceAccounts: {automountToken: false}
      resources:
        quota: {hard: {pods: "20", requests.cpu: "2"}}
        limitRange: {default: {cpu: 500m}, defaultRequest: {cpu: 100m}}
      """;

  @Test
  void endStateAfterRandomKillsEqualsAnUninterruptedRun(TestCluster cluster, @TempDir Path dir)
      throws Exception {
    RunningOperator.installCrds(cluster);
    String operatorNs = "bulwark-cc" + UUID.randomUUID().toString().substring(0, 6);
    Random random = new Random(SEED);
    System.out.printf(
        "crash consistency: %d namespaces, %d SealedSecrets, %d kills, seed %d%n",
        NAMESPACES, SECRETS, KILLS, SEED);
    String reference = run(cluster, dir, operatorNs, "ref", 0, random);
    String interrupted = run(cluster, dir, operatorNs, "kill", KILLS, random);
    assertThat(interrupted).isEqualTo(reference);
  }

  /** Does the work with {@code kills} SIGKILLs in between; returns the normalised end state. */
  private static String run(
      TestCluster cluster, Path dir, String operatorNs, String label, int kills, Random random)
      throws Exception {
    String team = label + UUID.randomUUID().toString().substring(0, 6);
    String baseline = "crash-" + team;
    List<String> namespaces = new ArrayList<>();
    try (KubernetesClient client = cluster.newClient()) {
      for (int i = 0; i < NAMESPACES; i++) {
        String ns = cluster.createNamespace(Map.of("team", team));
        namespaces.add(ns);
        if (i % 2 == 0) {
          client.resource(Workloads.privileged(ns, "app")).create();
        }
      }
      OperatorProcess operator = OperatorProcess.start(cluster, dir, operatorNs, "crash-" + label);
      try {
        RSAPublicKey key = sealingKey(client, operatorNs, operator);
        client.resource(Baselines.fromYaml(baseline, SPEC.formatted(team))).create();
        for (int i = 0; i < SECRETS; i++) {
          Secret plain =
              new SecretBuilder()
                  .withNewMetadata()
                  .withName("secret-" + i)
                  .withNamespace(namespaces.get(i % NAMESPACES))
                  .endMetadata()
                  .withStringData(Map.of("password", "value-" + i, "user", "user-" + i))
                  .build();
          client.resource(new SecretSealer(key).seal(plain, Optional.empty())).create();
        }
        for (int k = 0; k < kills; k++) {
          long after = 500 + random.nextInt(5500);
          Thread.sleep(after);
          System.out.printf("crash consistency: kill %d of %d after %d ms%n", k + 1, kills, after);
          operator.kill();
          operator = OperatorProcess.start(cluster, dir, operatorNs, "crash-" + label);
        }
        OperatorProcess running = operator;
        await()
            .atMost(CONVERGE)
            .pollInterval(Duration.ofMillis(500))
            .untilAsserted(
                () -> {
                  assertThat(running.isAlive()).as(running.output()).isTrue();
                  assertConverged(client, baseline, namespaces);
                });
        return snapshot(client, baseline, team, namespaces);
      } finally {
        operator.close();
        client.resources(SecurityBaseline.class).withName(baseline).delete();
      }
    }
  }

  private static RSAPublicKey sealingKey(
      KubernetesClient client, String operatorNs, OperatorProcess operator) throws Exception {
    String pem =
        await()
            .atMost(CONVERGE)
            .until(
                () -> {
                  assertThat(operator.isAlive()).as(operator.output()).isTrue();
                  return Optional.ofNullable(
                          client
                              .configMaps()
                              .inNamespace(operatorNs)
                              .withName("bulwark-sealing-certificate")
                              .get())
                      .map(ConfigMap::getData)
                      .map(data -> data.get("cert.pem"))
                      .orElse(null);
                },
                data -> data != null);
    return (RSAPublicKey) KeyPem.readCertificate(pem, "sealing certificate").getPublicKey();
  }

  private static void assertConverged(
      KubernetesClient client, String baseline, List<String> namespaces) {
    SecurityBaseline sb = client.resources(SecurityBaseline.class).withName(baseline).get();
    assertThat(sb.getStatus()).isNotNull();
    assertThat(sb.getStatus().observedGeneration).isEqualTo(sb.getMetadata().getGeneration());
    assertThat(sb.getStatus().namespaces.matched()).isEqualTo(NAMESPACES);
    assertThat(sb.getStatus().conditions)
        .anySatisfy(
            c -> {
              assertThat(c.getType()).isEqualTo("Ready");
              assertThat(c.getStatus()).isEqualTo("True");
            });
    for (String ns : namespaces) {
      for (SealedSecret sealed :
          client.resources(SealedSecret.class).inNamespace(ns).list().getItems()) {
        assertThat(sealed.getStatus()).isNotNull();
        assertThat(sealed.getStatus().getConditions())
            .anySatisfy(
                c -> {
                  assertThat(c.getType()).isEqualTo("Synced");
                  assertThat(c.getStatus()).isEqualTo("True");
                });
      }
    }
  }

  /**
   * Everything Bulwark writes in the namespaces, with the run's own names replaced by placeholders,
   * as sorted JSON: namespace labels and annotations, owned objects by name, the default
   * ServiceAccount's token setting, unsealed Secrets with their data and owners, SealedSecret
   * conditions, and the baseline's counts and Ready condition.
   */
  private static String snapshot(
      KubernetesClient client, String baseline, String team, List<String> namespaces) {
    Map<String, Object> state = new TreeMap<>();
    for (int index = 0; index < namespaces.size(); index++) {
      String ns = namespaces.get(index);
      Map<String, Object> one = new TreeMap<>();
      var meta = client.namespaces().withName(ns).get().getMetadata();
      one.put("labels", filtered(meta.getLabels()));
      one.put("annotations", filtered(meta.getAnnotations()));
      one.put(
          "networkPolicies",
          owned(client.network().networkPolicies().inNamespace(ns).list().getItems()));
      one.put("quotas", owned(client.resourceQuotas().inNamespace(ns).list().getItems()));
      one.put("limitRanges", owned(client.limitRanges().inNamespace(ns).list().getItems()));
      one.put(
          "defaultServiceAccountAutomount",
          String.valueOf(
              client
                  .serviceAccounts()
                  .inNamespace(ns)
                  .withName("default")
                  .get()
                  .getAutomountServiceAccountToken()));
      List<Map<String, Object>> secrets = new ArrayList<>();
      for (Secret secret :
          client
              .secrets()
              .inNamespace(ns)
              .withLabel("bulwark.dev/unsealed", "true")
              .list()
              .getItems()) {
        Map<String, Object> s = new TreeMap<>();
        s.put("name", secret.getMetadata().getName());
        s.put("type", secret.getType());
        s.put("data", new TreeMap<>(secret.getData()));
        s.put(
            "owners",
            secret.getMetadata().getOwnerReferences().stream()
                .map(OwnerReference::getKind)
                .sorted()
                .toList());
        secrets.add(s);
      }
      secrets.sort(Comparator.comparing(s -> (String) s.get("name")));
      one.put("secrets", secrets);
      one.put(
          "sealedSecrets",
          client.resources(SealedSecret.class).inNamespace(ns).list().getItems().stream()
              .map(
                  s ->
                      s.getMetadata().getName()
                          + ":"
                          + s.getStatus().getConditions().stream()
                              .map(c -> c.getType() + "=" + c.getStatus() + "/" + c.getReason())
                              .sorted()
                              .toList())
              .sorted()
              .toList());
      state.put(placeholder(index), one);
    }
    SecurityBaseline sb = client.resources(SecurityBaseline.class).withName(baseline).get();
    state.put("baseline.namespaces", sb.getStatus().namespaces);
    state.put("baseline.violations", sb.getStatus().violations.total());
    String json = Serialization.asJson(state);
    for (int i = 0; i < namespaces.size(); i++) {
      json = json.replace(namespaces.get(i), placeholder(i));
    }
    return json.replace(baseline, "BASELINE").replace(team, "TEAM");
  }

  private static String placeholder(int index) {
    return String.format("ns%03d", index);
  }

  private static Map<String, String> filtered(Map<String, String> map) {
    Map<String, String> kept = new TreeMap<>();
    if (map != null) {
      map.forEach(
          (k, v) -> {
            if (k.startsWith("pod-security.kubernetes.io/") || k.startsWith("bulwark.dev/")) {
              kept.put(k, v);
            }
          });
    }
    return kept;
  }

  private static List<String> owned(List<? extends HasMetadata> objects) {
    return objects.stream()
        .map(
            o -> {
              o.getMetadata().setUid(null);
              o.getMetadata().setResourceVersion(null);
              o.getMetadata().setCreationTimestamp(null);
              o.getMetadata().setManagedFields(null);
              o.getMetadata().setGeneration(null);
              o.getMetadata().setNamespace(null);
              return Serialization.asJson(o);
            })
        .sorted()
        .toList();
  }
}
