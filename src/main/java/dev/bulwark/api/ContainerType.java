package dev.bulwark.api;

/** Which list of a pod spec holds a container. */
public enum ContainerType {
  /** {@code spec.containers}. */
  Container,
  /** {@code spec.initContainers} (sidecars included). */
  InitContainer,
  /** {@code spec.ephemeralContainers}, added to a running pod, e.g. by {@code kubectl debug}. */
  EphemeralContainer
}
