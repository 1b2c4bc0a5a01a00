package dev.bulwark.policy.oracle;

import io.fabric8.kubernetes.api.model.AppArmorProfile;
import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.EphemeralContainer;
import io.fabric8.kubernetes.api.model.EphemeralContainerBuilder;
import io.fabric8.kubernetes.api.model.HTTPGetActionBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LifecycleBuilder;
import io.fabric8.kubernetes.api.model.LifecycleHandler;
import io.fabric8.kubernetes.api.model.LifecycleHandlerBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodOS;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SELinuxOptions;
import io.fabric8.kubernetes.api.model.SeccompProfile;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Sysctl;
import io.fabric8.kubernetes.api.model.TCPSocketActionBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.WindowsSecurityContextOptions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Seeded, reproducible pods near the baseline/restricted boundary, for the PodSecurity oracle and
 * the engine's invariants. Each pod starts from one that restricted admits and, field by field with
 * small probabilities, flips one of the fields the checks read: pod and container level, every
 * container list (init, sidecar, ephemeral), seccomp and AppArmor annotations, volumes, sysctls,
 * probes and lifecycle hooks, and Windows pods.
 *
 * <p>The same seed always gives the same pods (one {@link SplittableRandom}, drawn in a fixed
 * order), so a failure is replayed by running again with {@code -Dbulwark.oracle.seed=N}; the tests
 * print the seed they use before generating.
 */
public final class BoundaryPodGenerator {

  /** System property that overrides the seed, to replay or vary a run. */
  public static final String SEED_PROPERTY = "bulwark.oracle.seed";

  /** The seed runs use unless {@link #SEED_PROPERTY} is set. */
  public static final long DEFAULT_SEED = 20_260_214L;

  private static final String IMAGE = "registry.example/app:1";

  /** Linux volume types: every one restricted allows, and restricted ones including hostPath. */
  private static final String[] VOLUMES = {
    "emptyDir",
    "configMap",
    "secret",
    "projected",
    "csi",
    "pvc",
    "downwardAPI",
    "ephemeral",
    "image",
    "hostPath",
    "nfs",
    "iscsi",
    "gitRepo",
    "flexVolume",
    "rbd"
  };

  private final SplittableRandom random;

  public BoundaryPodGenerator(long seed) {
    this.random = new SplittableRandom(seed);
  }

  /** The seed given by {@code -Dbulwark.oracle.seed}, else {@link #DEFAULT_SEED}. */
  public static long seedFromSystemProperty() {
    return Long.getLong(SEED_PROPERTY, DEFAULT_SEED);
  }

  /** The next {@code count} pods. */
  public List<Pod> pods(int count) {
    List<Pod> pods = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      pods.add(next());
    }
    return pods;
  }

  /** The next pod: Linux (some with no OS) five times in six, else Windows. */
  public Pod next() {
    return random.nextInt(6) < 5 ? linuxPod() : windowsPod();
  }

  private Pod linuxPod() {
    Pod p = restrictedPod(false);
    PodSpec spec = p.getSpec();
    if (chance(0.3)) {
      String os = oneOf("linux", "");
      spec.setOs(os.isEmpty() ? null : new PodOS(os));
    }
    if (chance(0.08)) {
      switch (oneOf("hostNetwork", "hostPID", "hostIPC")) {
        case "hostNetwork" -> spec.setHostNetwork(true);
        case "hostPID" -> spec.setHostPID(true);
        default -> spec.setHostIPC(true);
      }
    }
    if (chance(0.12)) {
      spec.setHostUsers(random.nextBoolean());
    }
    if (chance(0.08)) {
      podSc(p).setRunAsNonRoot(chance(0.5) ? null : false);
    }
    if (chance(0.07)) {
      podSc(p).setRunAsUser(oneOf(0L, 1000L));
    }
    if (chance(0.08)) {
      podSc(p).setSeccompProfile(chance(0.4) ? null : seccomp());
    }
    if (chance(0.05)) {
      podSc(p).setSeLinuxOptions(seLinux());
    }
    if (chance(0.05)) {
      podSc(p).setAppArmorProfile(appArmor());
    }
    if (chance(0.08)) {
      podSc(p).setSysctls(List.of(new Sysctl(sysctl(), "1")));
    }
    // Refused by validation here (no host networking, or a Linux pod): checks that such pods are
    // skipped by the oracle rather than compared.
    if (chance(0.02)) {
      podSc(p).setWindowsOptions(hostProcess(true));
    }
    if (chance(0.12)) {
      annotate(p);
    }
    if (chance(0.12)) {
      addVolume(p, oneOf(VOLUMES));
    }
    if (chance(0.5)) {
      spec.setInitContainers(new ArrayList<>(List.of(container("init", false))));
    }
    spec.getContainers().set(0, container("app", false));
    if (chance(0.2)) {
      spec.getContainers().add(container("sidecar", false));
    }
    if (chance(0.15)) {
      spec.setEphemeralContainers(List.of(ephemeral(container("debug", true))));
    }
    return p;
  }

  /** Windows pods: mostly without Linux-only fields (the API server rejects those). */
  private Pod windowsPod() {
    Pod p = restrictedPod(true);
    PodSpec spec = p.getSpec();
    if (chance(0.15)) {
      podSc(p).setRunAsNonRoot(chance(0.5) ? null : false);
    }
    if (chance(0.1)) {
      podSc(p).setWindowsOptions(hostProcess(true));
      spec.setHostNetwork(true);
    }
    if (chance(0.2)) {
      linuxFieldOnWindows(p, oneOf("ape-false", "drop-all", "seccomp", "runAsUser", "privileged"));
    }
    if (chance(0.1)) {
      addVolume(p, oneOf("hostPath", "emptyDir"));
    }
    if (chance(0.1)) {
      spec.getInitContainers().add(windowsContainer("init"));
    }
    if (chance(0.1)) {
      spec.setEphemeralContainers(List.of(ephemeral(windowsContainer("debug"))));
    }
    // HostProcess set on the containers rather than the pod: validation wants it on every
    // container and host networking, so it is set on all of them (ephemeral ones included).
    if (chance(0.1)) {
      spec.setHostNetwork(true);
      for (Container c : spec.getContainers()) {
        sc(c).setWindowsOptions(hostProcess(true));
      }
      for (Container c : spec.getInitContainers()) {
        sc(c).setWindowsOptions(hostProcess(true));
      }
      if (spec.getEphemeralContainers() != null) {
        for (EphemeralContainer c : spec.getEphemeralContainers()) {
          if (c.getSecurityContext() == null) {
            c.setSecurityContext(new SecurityContext());
          }
          c.getSecurityContext().setWindowsOptions(hostProcess(true));
        }
      }
    }
    return p;
  }

  /**
   * A container that restricted admits, with fields flipped; ephemeral containers get no ports,
   * probes or lifecycle hooks (the API server forbids them there).
   */
  private Container container(String name, boolean ephemeral) {
    Container c = restrictedContainer(name);
    if (chance(0.06)) {
      c.setSecurityContext(null);
    }
    if (chance(0.05)) {
      boolean privileged = random.nextBoolean();
      sc(c).setPrivileged(privileged);
      if (privileged) {
        // Validation refuses privileged with allowPrivilegeEscalation=false.
        sc(c).setAllowPrivilegeEscalation(null);
      }
    }
    if (chance(0.07)) {
      sc(c).setAllowPrivilegeEscalation(chance(0.5) ? null : true);
    }
    if (chance(0.07)) {
      switch (oneOf("none", "empty", "NET_RAW")) {
        case "none" -> sc(c).setCapabilities(null);
        case "empty" -> caps(c).setDrop(List.of());
        default -> caps(c).setDrop(List.of("NET_RAW"));
      }
    }
    if (chance(0.08)) {
      caps(c).setAdd(List.of(oneOf("NET_BIND_SERVICE", "CHOWN", "NET_RAW", "SYS_TIME", "KILL")));
    }
    if (chance(0.05)) {
      sc(c).setProcMount(oneOf("Default", "Unmasked"));
    }
    if (chance(0.06)) {
      sc(c).setRunAsNonRoot(random.nextBoolean());
    }
    if (chance(0.06)) {
      sc(c).setRunAsUser(oneOf(0L, 1000L));
    }
    if (chance(0.07)) {
      sc(c).setSeccompProfile(seccomp());
    }
    if (chance(0.05)) {
      sc(c).setSeLinuxOptions(seLinux());
    }
    if (chance(0.04)) {
      sc(c).setAppArmorProfile(appArmor());
    }
    // Container-level hostProcess on a Linux pod: false passes validation where the OS is unset;
    // true is refused by validation (no host networking) and skipped.
    if (chance(0.02)) {
      sc(c).setWindowsOptions(hostProcess(random.nextBoolean()));
    }
    if (ephemeral) {
      return c;
    }
    if (chance(0.05)) {
      c.setPorts(
          List.of(new ContainerPortBuilder().withContainerPort(8080).withHostPort(8080).build()));
    }
    if (chance(0.07)) {
      Probe probe = probe();
      sidecarIfInit(c);
      switch (oneOf("liveness", "readiness", "startup")) {
        case "liveness" -> c.setLivenessProbe(probe);
        case "readiness" -> c.setReadinessProbe(probe);
        default -> c.setStartupProbe(probe);
      }
    }
    if (chance(0.03)) {
      LifecycleHandler handler = lifecycleHandler(oneOf("", "10.0.0.1"));
      sidecarIfInit(c);
      c.setLifecycle(
          random.nextBoolean()
              ? new LifecycleBuilder().withPreStop(handler).build()
              : new LifecycleBuilder().withPostStart(handler).build());
    }
    return c;
  }

  /** Init containers may carry probes and hooks only as sidecars (restartPolicy: Always). */
  private static void sidecarIfInit(Container c) {
    if (c.getName().equals("init")) {
      c.setRestartPolicy("Always");
    }
  }

  private SeccompProfile seccomp() {
    String type = oneOf("RuntimeDefault", "Unconfined", "Localhost");
    return new SeccompProfile("Localhost".equals(type) ? "profiles/audit.json" : null, type);
  }

  private AppArmorProfile appArmor() {
    String type = oneOf("RuntimeDefault", "Unconfined", "Localhost");
    return new AppArmorProfile("Localhost".equals(type) ? "k8s-apparmor" : null, type);
  }

  private SELinuxOptions seLinux() {
    return switch (random.nextInt(6)) {
      case 0 -> new SELinuxOptions("s0:c1,c2", null, "container_t", null);
      case 1 -> new SELinuxOptions(null, null, "container_engine_t", null);
      case 2 -> new SELinuxOptions(null, null, "container_kvm_t", null);
      case 3 -> new SELinuxOptions(null, null, "spc_t", null);
      case 4 -> new SELinuxOptions(null, "sysadm_r", null, null);
      default -> new SELinuxOptions(null, null, null, "sysadm_u");
    };
  }

  /** Safe at every version, safe only from v1.27, v1.29, v1.32 or v1.37, and never safe. */
  private String sysctl() {
    return oneOf(
        "kernel.shm_rmid_forced",
        "net.ipv4.ip_local_reserved_ports",
        "net.ipv4.tcp_keepalive_time",
        "net.ipv4.tcp_rmem",
        "net.ipv4.tcp_notsent_lowat",
        "kernel.msgmax",
        "net.core.somaxconn");
  }

  /** One seccomp (alpha) or AppArmor (beta) annotation, allowed or forbidden. */
  private void annotate(Pod p) {
    String[] annotation =
        oneOf(
            new String[] {"seccomp.security.alpha.kubernetes.io/pod", "runtime/default"},
            new String[] {"seccomp.security.alpha.kubernetes.io/pod", "unconfined"},
            new String[] {"seccomp.security.alpha.kubernetes.io/pod", "docker/default"},
            new String[] {"seccomp.security.alpha.kubernetes.io/pod", "localhost/profile.json"},
            new String[] {"container.seccomp.security.alpha.kubernetes.io/app", "unconfined"},
            new String[] {"container.seccomp.security.alpha.kubernetes.io/app", "runtime/default"},
            new String[] {"container.apparmor.security.beta.kubernetes.io/app", "unconfined"},
            new String[] {"container.apparmor.security.beta.kubernetes.io/app", "runtime/default"},
            new String[] {"container.apparmor.security.beta.kubernetes.io/app", "localhost/k8s-x"});
    if (p.getMetadata().getAnnotations() == null) {
      p.getMetadata().setAnnotations(new HashMap<>());
    }
    p.getMetadata().getAnnotations().put(annotation[0], annotation[1]);
  }

  /** A probe whose host is set (HTTP or TCP), or an HTTP probe without one. */
  private Probe probe() {
    return switch (oneOf("http-host", "tcp-host", "http-no-host")) {
      case "http-host" ->
          new ProbeBuilder()
              .withHttpGet(
                  new HTTPGetActionBuilder()
                      .withHost("169.254.169.254")
                      .withPath("/")
                      .withPort(new IntOrString(8080))
                      .build())
              .build();
      case "tcp-host" ->
          new ProbeBuilder()
              .withTcpSocket(
                  new TCPSocketActionBuilder()
                      .withHost("example.com")
                      .withPort(new IntOrString(8080))
                      .build())
              .build();
      default ->
          new ProbeBuilder()
              .withHttpGet(
                  new HTTPGetActionBuilder()
                      .withPath("/healthz")
                      .withPort(new IntOrString(8080))
                      .build())
              .build();
    };
  }

  /** An HTTP or TCP lifecycle handler with the given host ("" = none). */
  private LifecycleHandler lifecycleHandler(String host) {
    if (random.nextBoolean()) {
      return new LifecycleHandlerBuilder()
          .withHttpGet(
              new HTTPGetActionBuilder()
                  .withHost(host)
                  .withPath("/stop")
                  .withPort(new IntOrString(8080))
                  .build())
          .build();
    }
    return new LifecycleHandlerBuilder()
        .withTcpSocket(
            new TCPSocketActionBuilder().withHost(host).withPort(new IntOrString(8080)).build())
        .build();
  }

  private static Pod restrictedPod(boolean windows) {
    Pod pod = new Pod();
    pod.setApiVersion("v1");
    pod.setKind("Pod");
    pod.setMetadata(new ObjectMeta());
    pod.getMetadata().setName("oracle");
    PodSpec spec = new PodSpec();
    PodSecurityContext sc = new PodSecurityContext();
    sc.setRunAsNonRoot(true);
    spec.setSecurityContext(sc);
    spec.setInitContainers(new ArrayList<>());
    spec.setContainers(new ArrayList<>());
    if (windows) {
      spec.setOs(new PodOS("windows"));
      spec.getContainers().add(windowsContainer("app"));
    } else {
      sc.setSeccompProfile(new SeccompProfile(null, "RuntimeDefault"));
      spec.getContainers().add(restrictedContainer("app"));
    }
    pod.setSpec(spec);
    return pod;
  }

  private static Container restrictedContainer(String name) {
    Container c = new Container();
    c.setName(name);
    c.setImage(IMAGE);
    SecurityContext sc = new SecurityContext();
    sc.setAllowPrivilegeEscalation(false);
    sc.setCapabilities(new Capabilities(null, new ArrayList<>(List.of("ALL"))));
    c.setSecurityContext(sc);
    return c;
  }

  private static Container windowsContainer(String name) {
    Container c = new Container();
    c.setName(name);
    c.setImage(IMAGE);
    return c;
  }

  private static EphemeralContainer ephemeral(Container c) {
    return new EphemeralContainerBuilder()
        .withName(c.getName())
        .withImage(c.getImage())
        .withSecurityContext(c.getSecurityContext())
        .build();
  }

  private static void addVolume(Pod p, String type) {
    VolumeBuilder v = new VolumeBuilder().withName("v-" + type.toLowerCase());
    switch (type) {
      case "emptyDir" -> v.withNewEmptyDir().endEmptyDir();
      case "configMap" -> v.withNewConfigMap().withName("cm").endConfigMap();
      case "secret" -> v.withNewSecret().withSecretName("s").endSecret();
      case "projected" -> v.withNewProjected().withSources(List.of()).endProjected();
      case "csi" -> v.withNewCsi().withDriver("inline.example.com").endCsi();
      case "pvc" ->
          v.withNewPersistentVolumeClaim().withClaimName("data").endPersistentVolumeClaim();
      case "downwardAPI" ->
          v.withNewDownwardAPI()
              .addNewItem()
              .withPath("name")
              .withNewFieldRef()
              .withFieldPath("metadata.name")
              .endFieldRef()
              .endItem()
              .endDownwardAPI();
      case "ephemeral" ->
          v.withNewEphemeral()
              .withNewVolumeClaimTemplate()
              .withNewSpec()
              .withAccessModes("ReadWriteOnce")
              .withNewResources()
              .withRequests(Map.of("storage", new Quantity("1Gi")))
              .endResources()
              .endSpec()
              .endVolumeClaimTemplate()
              .endEphemeral();
      case "image" -> v.withNewImage().withReference("registry.example/data:1").endImage();
      case "hostPath" -> v.withNewHostPath().withPath("/var/log").endHostPath();
      case "nfs" -> v.withNewNfs().withServer("nfs.example.com").withPath("/x").endNfs();
      case "iscsi" ->
          v.withNewIscsi()
              .withTargetPortal("10.0.0.1:3260")
              .withIqn("iqn.2001-04.com.example:storage")
              .withLun(0)
              .endIscsi();
      case "gitRepo" ->
          v.withNewGitRepo().withRepository("https://git.example.com/repo.git").endGitRepo();
      case "flexVolume" -> v.withNewFlexVolume().withDriver("example.com/flex").endFlexVolume();
      case "rbd" ->
          v.withNewRbd().withMonitors("10.0.0.2:6789").withImage("data").withPool("rbd").endRbd();
      default -> throw new IllegalArgumentException(type);
    }
    Volume volume = v.build();
    if (p.getSpec().getVolumes() == null) {
      p.getSpec().setVolumes(new ArrayList<>());
    }
    p.getSpec().getVolumes().add(volume);
  }

  private static void linuxFieldOnWindows(Pod p, String field) {
    Container c = p.getSpec().getContainers().get(0);
    switch (field) {
      case "ape-false" -> sc(c).setAllowPrivilegeEscalation(false);
      case "drop-all" -> caps(c).setDrop(List.of("ALL"));
      case "seccomp" -> podSc(p).setSeccompProfile(new SeccompProfile(null, "RuntimeDefault"));
      case "runAsUser" -> podSc(p).setRunAsUser(0L);
      default -> sc(c).setPrivileged(true);
    }
  }

  private static WindowsSecurityContextOptions hostProcess(boolean value) {
    WindowsSecurityContextOptions options = new WindowsSecurityContextOptions();
    options.setHostProcess(value);
    return options;
  }

  private static PodSecurityContext podSc(Pod p) {
    if (p.getSpec().getSecurityContext() == null) {
      p.getSpec().setSecurityContext(new PodSecurityContext());
    }
    return p.getSpec().getSecurityContext();
  }

  private static SecurityContext sc(Container c) {
    if (c.getSecurityContext() == null) {
      c.setSecurityContext(new SecurityContext());
    }
    return c.getSecurityContext();
  }

  private static Capabilities caps(Container c) {
    if (sc(c).getCapabilities() == null) {
      sc(c).setCapabilities(new Capabilities());
    }
    return sc(c).getCapabilities();
  }

  private boolean chance(double probability) {
    return random.nextDouble() < probability;
  }

  @SafeVarargs
  private <T> T oneOf(T... values) {
    return values[random.nextInt(values.length)];
  }
}
