package dev.bulwark.admission;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EphemeralContainer;
import io.fabric8.kubernetes.api.model.EphemeralContainerBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ReplicationControllerBuilder;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Seeded, reproducible Pods and workloads near the boundary of each Bulwark check, for the
 * admission parity oracle. Each object starts from one that passes every check and flips, with
 * small probabilities, the fields the checks read: image references around the digest and registry
 * rules (Docker Hub short names and index.docker.io, upper-case and look-alike hosts, ports,
 * localhost, path prefixes that only share a string prefix, digests the runtime refuses),
 * readOnlyRootFilesystem, each request and limit, probes, the restart policy, Windows pods, the
 * token and service-account fields, the labels an exception selects; in every container list (init,
 * sidecar, regular, ephemeral) and in every workload kind, sometimes with dozens of containers (to
 * exercise CEL cost limits).
 *
 * <p>The same seed gives the same objects (one {@link SplittableRandom} drawn in a fixed order).
 */
public final class HardeningBoundaryGenerator {

  /** The allowed registries the oracle's baselines use; the images below sit around them. */
  static final List<String> ALLOWED =
      List.of("ghcr.io/acme", "registry.example.com", "docker.io/library");

  /** The service account the oracle creates in its namespaces. */
  public static final String SERVICE_ACCOUNT = "app";

  private static final String DIGEST =
      "@sha256:4c5f2b1d0e9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c";

  private static final String[] GOOD_IMAGES = {
    "ghcr.io/acme/app" + DIGEST,
    "ghcr.io/acme/team/app:1.2" + DIGEST,
    "registry.example.com/app" + DIGEST,
    "nginx" + DIGEST,
    "library/nginx:1.27" + DIGEST,
    "docker.io/library/busybox" + DIGEST,
  };

  private static final String[] BOUNDARY_IMAGES = {
    "ghcr.io/acme/app:1.2",
    "ghcr.io/acme",
    "ghcr.io/acme" + DIGEST,
    "ghcr.io/acmecorp/app" + DIGEST,
    "ghcr.io/other/app" + DIGEST,
    "registry.example.com:443/app" + DIGEST,
    "registry.example.com.evil/app" + DIGEST,
    "nginx",
    "nginx:latest",
    "acme/app" + DIGEST,
    "docker.io/acme/app" + DIGEST,
    "localhost/app" + DIGEST,
    "localhost:5000/app:1" + DIGEST,
    "registry.example.com/app@sha512:abcd",
    "registry.example.com/app:sha256",
    "quay.io/library/nginx" + DIGEST,
    // as distribution/reference reads them (issue 22)
    "index.docker.io/library/nginx" + DIGEST,
    "index.docker.io/nginx:1.27" + DIGEST,
    "Internal/app" + DIGEST,
    "Library/nginx" + DIGEST,
    "docker.io.evil.com/library/nginx" + DIGEST,
    "registry.example.com.evil.com/app" + DIGEST,
    "GHCR.IO/acme/app" + DIGEST,
    "ghcr.io/acme-evil/app" + DIGEST,
    "my_reg.io/app" + DIGEST,
    "ghcr.io/acme/App" + DIGEST,
    "ghcr.io/acme/app@sha256:4c5f2b1d",
    "ghcr.io/acme/app:1.2@sha512:" + "ab".repeat(64),
    "ghcr.io/acme/app@sha256:" + "AB".repeat(32),
    "[::1]:5000/app" + DIGEST,
  };

  private static final String[] RESOURCES = {"cpu", "memory", "ephemeral-storage"};

  private final SplittableRandom random;
  private int sequence;

  public HardeningBoundaryGenerator(long seed) {
    this.random = new SplittableRandom(seed);
  }

  /** {@code count} objects; about a third are bare Pods, the rest spread over workload kinds. */
  public List<HasMetadata> objects(int count) {
    List<HasMetadata> objects = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      objects.add(next());
    }
    return objects;
  }

  public HasMetadata next() {
    int kind = random.nextInt(10);
    boolean pod = kind < 3;
    String name = "h" + (++sequence);
    ObjectMeta meta = new ObjectMetaBuilder().withName(name).withLabels(labels()).build();
    PodSpec spec = spec(pod);
    PodTemplateSpec template =
        new PodTemplateSpec(new ObjectMetaBuilder().withLabels(Map.of("app", name)).build(), spec);
    return switch (kind) {
      case 0, 1, 2 -> new PodBuilder().withMetadata(meta).withSpec(spec).build();
      case 3 ->
          new DeploymentBuilder()
              .withMetadata(meta)
              .withNewSpec()
              .withNewSelector()
              .addToMatchLabels("app", name)
              .endSelector()
              .withTemplate(template)
              .endSpec()
              .build();
      case 4 ->
          new StatefulSetBuilder()
              .withMetadata(meta)
              .withNewSpec()
              .withServiceName(name)
              .withNewSelector()
              .addToMatchLabels("app", name)
              .endSelector()
              .withTemplate(template)
              .endSpec()
              .build();
      case 5 ->
          new DaemonSetBuilder()
              .withMetadata(meta)
              .withNewSpec()
              .withNewSelector()
              .addToMatchLabels("app", name)
              .endSelector()
              .withTemplate(template)
              .endSpec()
              .build();
      case 6 ->
          new ReplicaSetBuilder()
              .withMetadata(meta)
              .withNewSpec()
              .withNewSelector()
              .addToMatchLabels("app", name)
              .endSelector()
              .withTemplate(template)
              .endSpec()
              .build();
      case 7 ->
          new ReplicationControllerBuilder()
              .withMetadata(meta)
              .withNewSpec()
              .addToSelector("app", name)
              .withTemplate(template)
              .endSpec()
              .build();
      case 8 -> {
        spec.setRestartPolicy(random.nextBoolean() ? "Never" : "OnFailure");
        yield new JobBuilder()
            .withMetadata(meta)
            .withNewSpec()
            .withTemplate(template)
            .endSpec()
            .build();
      }
      default -> {
        spec.setRestartPolicy(random.nextBoolean() ? "Never" : "OnFailure");
        yield new CronJobBuilder()
            .withMetadata(meta)
            .withNewSpec()
            .withSchedule("0 * * * *")
            .withNewJobTemplate()
            .withNewSpec()
            .withTemplate(template)
            .endSpec()
            .endJobTemplate()
            .endSpec()
            .build();
      }
    };
  }

  private Map<String, String> labels() {
    Map<String, String> labels = new LinkedHashMap<>();
    if (chance(0.15)) {
      labels.put("app", "legacy");
    } else if (chance(0.05)) {
      labels.put("app", "legacy-not");
    }
    return labels;
  }

  private PodSpec spec(boolean pod) {
    PodSpec spec = new PodSpec();
    // Mostly the dedicated account with the token off; sometimes each way to get it wrong.
    double sa = random.nextDouble();
    if (sa < 0.80) {
      spec.setServiceAccountName(SERVICE_ACCOUNT);
    } else if (sa < 0.87) {
      spec.setServiceAccountName("default");
    } else if (sa < 0.93) {
      spec.setServiceAccount(SERVICE_ACCOUNT);
    } // else: unset
    double token = random.nextDouble();
    spec.setAutomountServiceAccountToken(
        token < 0.85 ? Boolean.FALSE : token < 0.93 ? Boolean.TRUE : null);
    if (pod) {
      double restart = random.nextDouble();
      if (restart < 0.15) {
        spec.setRestartPolicy("Never");
      } else if (restart < 0.25) {
        spec.setRestartPolicy("OnFailure");
      } else if (restart < 0.35) {
        spec.setRestartPolicy("Always");
      }
    }
    if (chance(0.04)) {
      spec.setOs(new io.fabric8.kubernetes.api.model.PodOS("windows"));
    }
    boolean many = chance(0.03);
    int regular = many ? 20 + random.nextInt(40) : 1 + random.nextInt(3);
    int init = many ? 10 : random.nextInt(10) < 7 ? 0 : 1 + random.nextInt(2);
    List<Container> inits = new ArrayList<>();
    for (int i = 0; i < init; i++) {
      Container c = container("init-" + i, false);
      if (chance(0.3)) {
        c.setRestartPolicy("Always");
      }
      inits.add(c);
    }
    List<Container> containers = new ArrayList<>();
    for (int i = 0; i < regular; i++) {
      containers.add(container("app-" + i, true));
    }
    if (spec.getOs() != null) {
      // Windows pods may not set readOnlyRootFilesystem; the check skips them anyway.
      inits.forEach(c -> c.setSecurityContext(null));
      containers.forEach(c -> c.setSecurityContext(null));
    }
    spec.setInitContainers(inits);
    spec.setContainers(containers);
    if (pod && chance(0.12)) {
      List<EphemeralContainer> ephemeral = new ArrayList<>();
      int n = 1 + random.nextInt(2);
      for (int i = 0; i < n; i++) {
        Container c = container("debug-" + i, false);
        ephemeral.add(
            new EphemeralContainerBuilder()
                .withName(c.getName())
                .withImage(c.getImage())
                .withSecurityContext(c.getSecurityContext())
                .build());
      }
      spec.setEphemeralContainers(ephemeral);
    }
    return spec;
  }

  /** A container that passes every check, then a few fields flipped. */
  private Container container(String name, boolean probes) {
    String image =
        chance(0.8)
            ? GOOD_IMAGES[random.nextInt(GOOD_IMAGES.length)]
            : BOUNDARY_IMAGES[random.nextInt(BOUNDARY_IMAGES.length)];
    ContainerBuilder c = new ContainerBuilder().withName(name).withImage(image);
    double ro = random.nextDouble();
    if (ro < 0.88) {
      c.withSecurityContext(secured(true));
    } else if (ro < 0.94) {
      c.withSecurityContext(secured(false));
    } else if (ro < 0.97) {
      c.withSecurityContext(new SecurityContext());
    } // else: no securityContext
    Map<String, Quantity> requests = new LinkedHashMap<>();
    Map<String, Quantity> limits = new LinkedHashMap<>();
    for (String resource : RESOURCES) {
      Quantity value = new Quantity(resource.equals("cpu") ? "100m" : "64Mi");
      if (!chance(0.05)) {
        requests.put(resource, value);
      }
      if (!chance(0.05)) {
        limits.put(resource, value);
      }
    }
    if (chance(0.05)) {
      requests.clear();
    }
    if (chance(0.03)) {
      limits.clear();
    }
    c.withNewResources().withRequests(requests).withLimits(limits).endResources();
    if (probes) {
      if (!chance(0.07)) {
        c.withLivenessProbe(probe());
      }
      if (!chance(0.07)) {
        c.withReadinessProbe(probe());
      }
    }
    return c.build();
  }

  private static SecurityContext secured(boolean readOnly) {
    SecurityContext sc = new SecurityContext();
    sc.setReadOnlyRootFilesystem(readOnly);
    return sc;
  }

  private static Probe probe() {
    return new ProbeBuilder().withNewTcpSocket().withNewPort(8080).endTcpSocket().build();
  }

  private boolean chance(double p) {
    return random.nextDouble() < p;
  }
}
