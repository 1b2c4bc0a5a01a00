package dev.bulwark.policy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EphemeralContainer;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.util.List;
import java.util.Map;

/**
 * A pod (or pod template) prepared once per evaluation: its containers from all three lists in
 * upstream's visiting order (init, regular, ephemeral) and where it sits in the original object.
 */
public final class PodView {

  private static final String WINDOWS = "windows";

  private final ObjectMeta metadata;
  private final PodSpec spec;
  private final String specPath;
  private final String metadataPath;
  private final ContainerView[] containers;

  /**
   * @param metadata the pod's (or template's) metadata; may be null
   * @param spec the pod spec; may be null (treated as empty)
   * @param specPath field path of the spec in the original object, e.g. {@code spec.template.spec}
   * @param metadataPath field path of the metadata, e.g. {@code spec.template.metadata}
   */
  public PodView(ObjectMeta metadata, PodSpec spec, String specPath, String metadataPath) {
    this.metadata = metadata;
    this.spec = spec == null ? new PodSpec() : spec;
    this.specPath = specPath;
    this.metadataPath = metadataPath;
    this.containers = collectContainers(this.spec, specPath);
  }

  /** A bare Pod: spec at {@code spec}, metadata at {@code metadata}. */
  public static PodView ofPod(ObjectMeta metadata, PodSpec spec) {
    return new PodView(metadata, spec, "spec", "metadata");
  }

  private static ContainerView[] collectContainers(PodSpec spec, String specPath) {
    List<Container> init = spec.getInitContainers();
    List<Container> regular = spec.getContainers();
    List<EphemeralContainer> ephemeral = spec.getEphemeralContainers();
    int initCount = init == null ? 0 : init.size();
    int regularCount = regular == null ? 0 : regular.size();
    int ephemeralCount = ephemeral == null ? 0 : ephemeral.size();
    ContainerView[] views = new ContainerView[initCount + regularCount + ephemeralCount];
    int n = 0;
    for (int i = 0; i < initCount; i++) {
      views[n++] = new ContainerView(ContainerView.Kind.INIT, i, specPath, init.get(i));
    }
    for (int i = 0; i < regularCount; i++) {
      views[n++] = new ContainerView(ContainerView.Kind.REGULAR, i, specPath, regular.get(i));
    }
    for (int i = 0; i < ephemeralCount; i++) {
      views[n++] = new ContainerView(i, specPath, ephemeral.get(i));
    }
    return views;
  }

  public ObjectMeta metadata() {
    return metadata;
  }

  /** Never null. */
  public PodSpec spec() {
    return spec;
  }

  /** May be null. */
  public PodSecurityContext podSecurityContext() {
    return spec.getSecurityContext();
  }

  /** Init, regular and ephemeral containers, in that order. Do not modify. */
  public ContainerView[] containers() {
    return containers;
  }

  /** Annotations of the pod, never null. */
  public Map<String, String> annotations() {
    Map<String, String> annotations = metadata == null ? null : metadata.getAnnotations();
    return annotations == null ? Map.of() : annotations;
  }

  /** Upstream treats a pod as Windows only when {@code spec.os.name} is exactly "windows". */
  public boolean isWindows() {
    return spec.getOs() != null && WINDOWS.equals(spec.getOs().getName());
  }

  /** {@code hostUsers: false} puts the pod in a user namespace, which relaxes some checks. */
  public boolean inUserNamespace() {
    return Boolean.FALSE.equals(spec.getHostUsers());
  }

  /** Field path below the pod spec, e.g. {@code spec.hostNetwork}. */
  public String specPath(String relative) {
    return specPath + "." + relative;
  }

  /** Field path below the pod metadata, e.g. {@code metadata.annotations}. */
  public String metadataPath(String relative) {
    return metadataPath + "." + relative;
  }
}
