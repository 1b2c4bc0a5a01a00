package dev.bulwark.policy;

import dev.bulwark.text.BoundedText;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EphemeralContainer;
import io.fabric8.kubernetes.api.model.Lifecycle;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.SecurityContext;
import java.util.List;

/**
 * The fields checks read from a container, whichever list it sits in; fabric8 models ephemeral
 * containers as a separate class, so this view lets every check visit all three lists alike.
 */
public final class ContainerView {

  /** Which list of the pod spec a container comes from. */
  public enum Kind {
    INIT("initContainers"),
    REGULAR("containers"),
    EPHEMERAL("ephemeralContainers");

    private final String field;

    Kind(String field) {
      this.field = field;
    }

    /** The pod spec field holding this list. */
    public String field() {
      return field;
    }
  }

  private final Kind kind;
  private final int index;
  private final String specPath;
  private final String name;
  private final String image;
  private final SecurityContext securityContext;
  private final List<ContainerPort> ports;
  private final Probe livenessProbe;
  private final Probe readinessProbe;
  private final Probe startupProbe;
  private final Lifecycle lifecycle;
  private final ResourceRequirements resources;
  private final String restartPolicy;

  ContainerView(Kind kind, int index, String specPath, Container c) {
    this(
        kind,
        index,
        specPath,
        c.getName(),
        c.getImage(),
        c.getSecurityContext(),
        c.getPorts(),
        c.getLivenessProbe(),
        c.getReadinessProbe(),
        c.getStartupProbe(),
        c.getLifecycle(),
        c.getResources(),
        c.getRestartPolicy());
  }

  ContainerView(int index, String specPath, EphemeralContainer c) {
    this(
        Kind.EPHEMERAL,
        index,
        specPath,
        c.getName(),
        c.getImage(),
        c.getSecurityContext(),
        c.getPorts(),
        c.getLivenessProbe(),
        c.getReadinessProbe(),
        c.getStartupProbe(),
        c.getLifecycle(),
        c.getResources(),
        c.getRestartPolicy());
  }

  @SuppressWarnings("checkstyle:ParameterNumber")
  private ContainerView(
      Kind kind,
      int index,
      String specPath,
      String name,
      String image,
      SecurityContext securityContext,
      List<ContainerPort> ports,
      Probe livenessProbe,
      Probe readinessProbe,
      Probe startupProbe,
      Lifecycle lifecycle,
      ResourceRequirements resources,
      String restartPolicy) {
    this.kind = kind;
    this.index = index;
    this.specPath = specPath;
    this.name = name == null ? "" : name;
    this.image = image;
    this.securityContext = securityContext;
    this.ports = ports == null ? List.of() : ports;
    this.livenessProbe = livenessProbe;
    this.readinessProbe = readinessProbe;
    this.startupProbe = startupProbe;
    this.lifecycle = lifecycle;
    this.resources = resources;
    this.restartPolicy = restartPolicy;
  }

  public Kind kind() {
    return kind;
  }

  public String name() {
    return name;
  }

  public String image() {
    return image;
  }

  /** May be null. */
  public SecurityContext securityContext() {
    return securityContext;
  }

  /** Never null. */
  public List<ContainerPort> ports() {
    return ports;
  }

  public Probe livenessProbe() {
    return livenessProbe;
  }

  public Probe readinessProbe() {
    return readinessProbe;
  }

  public Probe startupProbe() {
    return startupProbe;
  }

  public Lifecycle lifecycle() {
    return lifecycle;
  }

  public ResourceRequirements resources() {
    return resources;
  }

  /** An init container with {@code restartPolicy: Always} is a sidecar that runs all along. */
  public boolean isSidecar() {
    return kind == Kind.INIT && "Always".equals(restartPolicy);
  }

  /** Field path of this container in the original object, e.g. {@code spec.containers[0]}. */
  public String path() {
    return specPath + "." + kind.field() + "[" + index + "]";
  }

  /** Field path of {@code relative} below this container. */
  public String path(String relative) {
    return path() + "." + relative;
  }

  /** This container's list and name, for findings. */
  public ContainerRef ref() {
    return new ContainerRef(kind, name);
  }

  /**
   * {@code container "name"}, as upstream names a container in its messages (the name cut to {@link
   * BoundedText#VALUE} bytes).
   */
  public String describe() {
    return "container \"" + BoundedText.value(name) + "\"";
  }
}
