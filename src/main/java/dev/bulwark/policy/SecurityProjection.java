package dev.bulwark.policy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EphemeralContainer;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.Lifecycle;
import io.fabric8.kubernetes.api.model.LifecycleHandler;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimVolumeSource;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.TCPSocketAction;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The security projection of a pod spec: the fields the checks read and nothing else, so equal pods
 * project to equal objects that can be shared, and a pod costs memory only for what can change a
 * verdict.
 *
 * <p>Kept, for the pod: {@code hostNetwork}, {@code hostPID}, {@code hostIPC}, {@code hostUsers},
 * {@code shareProcessNamespace}, {@code securityContext}, {@code serviceAccountName} (and the
 * deprecated {@code serviceAccount}), {@code automountServiceAccountToken}, {@code os}, {@code
 * restartPolicy}, {@code runtimeClassName} and {@code volumes}; for every container, init container
 * and ephemeral container: {@code name}, {@code image}, {@code securityContext}, {@code ports},
 * {@code resources}, {@code restartPolicy}, and its probes and lifecycle hooks reduced to their
 * {@code host} fields (the checks read only whether a probe is set and which host it calls).
 *
 * <p>Dropped beside everything else (environment, commands, mounts, scheduling, status): the
 * service account token volume the ServiceAccount admission plugin adds ({@code kube-api-access-<5
 * random characters>}, projected; allowed at every level, and its presence follows {@code
 * automountServiceAccountToken}, which is kept), and the claim name of a {@code
 * persistentVolumeClaim} volume (a StatefulSet names one claim per pod; the checks read only the
 * volume's type). Objects are shared with {@code source}, not copied: neither may be changed after.
 */
public final class SecurityProjection {

  /**
   * The ServiceAccount admission plugin's token volume: {@code kube-api-access-} + 5 characters.
   */
  private static final Pattern TOKEN_VOLUME = Pattern.compile("kube-api-access-[a-z0-9]{5}");

  private SecurityProjection() {}

  /** Sets on {@code target} (a new, empty spec) the projection of {@code source}. */
  public static <T extends PodSpec> T project(PodSpec source, T target) {
    target.setHostNetwork(source.getHostNetwork());
    target.setHostPID(source.getHostPID());
    target.setHostIPC(source.getHostIPC());
    target.setHostUsers(source.getHostUsers());
    target.setShareProcessNamespace(source.getShareProcessNamespace());
    target.setSecurityContext(source.getSecurityContext());
    target.setServiceAccountName(source.getServiceAccountName());
    target.setServiceAccount(source.getServiceAccount());
    target.setAutomountServiceAccountToken(source.getAutomountServiceAccountToken());
    target.setOs(source.getOs());
    target.setRestartPolicy(source.getRestartPolicy());
    target.setRuntimeClassName(source.getRuntimeClassName());
    target.setVolumes(volumes(source.getVolumes()));
    target.setContainers(each(source.getContainers(), SecurityProjection::container));
    target.setInitContainers(each(source.getInitContainers(), SecurityProjection::container));
    target.setEphemeralContainers(
        each(source.getEphemeralContainers(), SecurityProjection::ephemeralContainer));
    // The model allocates these empty; a shared projection needs none of them.
    target.setTolerations(null);
    target.setImagePullSecrets(null);
    target.setHostAliases(null);
    target.setReadinessGates(null);
    target.setResourceClaims(null);
    target.setSchedulingGates(null);
    target.setTopologySpreadConstraints(null);
    target.setNodeSelector(null);
    target.setOverhead(null);
    return target;
  }

  /** The projection of {@code source} as a new spec. */
  public static PodSpec of(PodSpec source) {
    return project(source, new PodSpec());
  }

  /** Whether {@code volume} is the token volume the ServiceAccount admission plugin adds. */
  static boolean serviceAccountTokenVolume(Volume volume) {
    if (volume.getProjected() == null
        || volume.getName() == null
        || !TOKEN_VOLUME.matcher(volume.getName()).matches()) {
      return false;
    }
    List<VolumeProjection> sources = volume.getProjected().getSources();
    return sources != null && sources.stream().anyMatch(s -> s.getServiceAccountToken() != null);
  }

  private static List<Volume> volumes(List<Volume> volumes) {
    if (volumes == null || volumes.isEmpty()) {
      return null;
    }
    List<Volume> kept = new ArrayList<>(volumes.size());
    for (Volume volume : volumes) {
      if (serviceAccountTokenVolume(volume)) {
        continue;
      }
      if (volume.getPersistentVolumeClaim() != null) {
        Volume claim = new Volume();
        claim.setName(volume.getName());
        claim.setPersistentVolumeClaim(
            new PersistentVolumeClaimVolumeSource(
                null, volume.getPersistentVolumeClaim().getReadOnly()));
        kept.add(claim);
      } else {
        kept.add(volume);
      }
    }
    return kept.isEmpty() ? null : kept;
  }

  private static <C> List<C> each(List<C> containers, Function<C, C> projection) {
    if (containers == null || containers.isEmpty()) {
      return null;
    }
    List<C> projected = new ArrayList<>(containers.size());
    for (C c : containers) {
      projected.add(projection.apply(c));
    }
    return projected;
  }

  private static Container container(Container c) {
    Container p = new Container();
    p.setName(c.getName());
    p.setImage(c.getImage());
    p.setSecurityContext(c.getSecurityContext());
    p.setPorts(c.getPorts() == null || c.getPorts().isEmpty() ? null : c.getPorts());
    p.setResources(c.getResources());
    p.setRestartPolicy(c.getRestartPolicy());
    p.setLivenessProbe(probe(c.getLivenessProbe()));
    p.setReadinessProbe(probe(c.getReadinessProbe()));
    p.setStartupProbe(probe(c.getStartupProbe()));
    p.setLifecycle(lifecycle(c.getLifecycle()));
    p.setArgs(null);
    p.setCommand(null);
    p.setEnv(null);
    p.setEnvFrom(null);
    p.setResizePolicy(null);
    p.setRestartPolicyRules(null);
    p.setVolumeDevices(null);
    p.setVolumeMounts(null);
    return p;
  }

  private static EphemeralContainer ephemeralContainer(EphemeralContainer c) {
    EphemeralContainer p = new EphemeralContainer();
    p.setName(c.getName());
    p.setImage(c.getImage());
    p.setSecurityContext(c.getSecurityContext());
    p.setPorts(c.getPorts() == null || c.getPorts().isEmpty() ? null : c.getPorts());
    p.setResources(c.getResources());
    p.setRestartPolicy(c.getRestartPolicy());
    p.setLivenessProbe(probe(c.getLivenessProbe()));
    p.setReadinessProbe(probe(c.getReadinessProbe()));
    p.setStartupProbe(probe(c.getStartupProbe()));
    p.setLifecycle(lifecycle(c.getLifecycle()));
    p.setArgs(null);
    p.setCommand(null);
    p.setEnv(null);
    p.setEnvFrom(null);
    p.setResizePolicy(null);
    p.setRestartPolicyRules(null);
    p.setVolumeDevices(null);
    p.setVolumeMounts(null);
    return p;
  }

  /** A probe reduced to its presence and the hosts its handlers call. */
  private static Probe probe(Probe probe) {
    if (probe == null) {
      return null;
    }
    Probe p = new Probe();
    p.setHttpGet(httpGet(probe.getHttpGet()));
    p.setTcpSocket(tcpSocket(probe.getTcpSocket()));
    return p;
  }

  private static Lifecycle lifecycle(Lifecycle lifecycle) {
    if (lifecycle == null) {
      return null;
    }
    Lifecycle l = new Lifecycle();
    l.setPostStart(handler(lifecycle.getPostStart()));
    l.setPreStop(handler(lifecycle.getPreStop()));
    return l;
  }

  private static LifecycleHandler handler(LifecycleHandler handler) {
    if (handler == null) {
      return null;
    }
    LifecycleHandler h = new LifecycleHandler();
    h.setHttpGet(httpGet(handler.getHttpGet()));
    h.setTcpSocket(tcpSocket(handler.getTcpSocket()));
    return h;
  }

  private static HTTPGetAction httpGet(HTTPGetAction action) {
    if (action == null) {
      return null;
    }
    HTTPGetAction a = new HTTPGetAction();
    a.setHost(action.getHost());
    a.setHttpHeaders(null);
    return a;
  }

  private static TCPSocketAction tcpSocket(TCPSocketAction action) {
    return action == null ? null : new TCPSocketAction(action.getHost(), null);
  }
}
