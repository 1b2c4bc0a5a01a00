package dev.bulwark.policy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.fabric8.kubernetes.api.model.AppArmorProfile;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.EphemeralContainer;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The fingerprint that decides whether a pod is what its controller's template says: a digest of
 * the {@link SecurityProjection} of the pod (or template) and the annotations the checks read,
 * canonicalised so that what the API server and the controllers change on every pod made from a
 * template does not count as a difference:
 *
 * <ul>
 *   <li>an empty {@code serviceAccountName} is {@code default} (the ServiceAccount admission plugin
 *       sets it on pods, not on templates), and the deprecated {@code serviceAccount} is left out;
 *   <li>{@code persistentVolumeClaim} volumes are left out (a StatefulSet adds one per claim
 *       template to each pod; the checks allow them at every level);
 *   <li>{@code resources} are left out (the LimitRanger admission plugin fills in a namespace's
 *       defaults, and the API server copies limits to requests, on pods only); for a pod that
 *       equals its template otherwise, the template's resource verdict stands;
 *   <li>with {@code hostNetwork}, {@code hostPort}s are left out (the API server sets them to the
 *       container port on pods only; validation keeps them equal);
 *   <li>AppArmor: each container's effective profile (its field, else its deprecated annotation,
 *       else the pod's field) stands for field and annotation, since the API server copies the
 *       annotation to the field on pods only (v1.37 does; earlier versions also copied the field to
 *       the annotation).
 * </ul>
 *
 * Labels ({@code pod-template-hash}, {@code controller-revision-hash}), names, scheduling fields
 * and status never enter it. Pure and thread-safe.
 */
public final class ContentFingerprint {

  /** Map entries sorted, so maps (the annotations, any unknown fields) write one way. */
  private static final ObjectMapper MAPPER =
      JsonMapper.builder().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build();

  private ContentFingerprint() {}

  /**
   * The fingerprint of a pod or pod template with {@code metadata} (may be null) and {@code spec}.
   */
  public static Fingerprint of(ObjectMeta metadata, PodSpec spec) {
    Map<String, String> annotations =
        new TreeMap<>(SecurityAnnotations.of(metadata == null ? null : metadata.getAnnotations()));
    PodSpec canonical = canonical(spec == null ? new PodSpec() : spec, annotations);
    return digest(new Canonical(canonical, annotations));
  }

  /** What is digested: the canonical spec and the annotations left after folding. */
  private record Canonical(PodSpec spec, Map<String, String> annotations) {}

  /**
   * A new spec: the projection of {@code spec} with the normalisations of the class comment;
   * AppArmor annotations folded into the fields are removed from {@code annotations}. The
   * projection's top level, lists and containers are new objects, so they are changed in place; an
   * object shared with {@code spec} is copied before it is changed.
   */
  static PodSpec canonical(PodSpec spec, Map<String, String> annotations) {
    PodSpec n = SecurityProjection.of(spec);
    String account = n.getServiceAccountName();
    if (account == null || account.isEmpty()) {
      account = n.getServiceAccount();
    }
    n.setServiceAccountName(account == null || account.isEmpty() ? "default" : account);
    n.setServiceAccount(null);
    if (n.getVolumes() != null) {
      n.getVolumes().removeIf(v -> v.getPersistentVolumeClaim() != null);
    }
    boolean hostNetwork = Boolean.TRUE.equals(n.getHostNetwork());
    AppArmorProfile podProfile =
        n.getSecurityContext() == null ? null : n.getSecurityContext().getAppArmorProfile();
    for (Container c : orEmpty(n.getInitContainers())) {
      c.setSecurityContext(appArmor(c.getName(), c.getSecurityContext(), podProfile, annotations));
      c.setResources(null);
      c.setPorts(withoutHostPorts(c.getPorts(), hostNetwork));
    }
    for (Container c : orEmpty(n.getContainers())) {
      c.setSecurityContext(appArmor(c.getName(), c.getSecurityContext(), podProfile, annotations));
      c.setResources(null);
      c.setPorts(withoutHostPorts(c.getPorts(), hostNetwork));
    }
    for (EphemeralContainer c : orEmpty(n.getEphemeralContainers())) {
      c.setSecurityContext(appArmor(c.getName(), c.getSecurityContext(), podProfile, annotations));
      c.setResources(null);
    }
    return n;
  }

  /**
   * {@code context} with the container's effective AppArmor profile as its field: a copy when that
   * changes it ({@code context} is shared with the source).
   */
  private static SecurityContext appArmor(
      String container,
      SecurityContext context,
      AppArmorProfile podProfile,
      Map<String, String> annotations) {
    String key = SecurityAnnotations.APPARMOR_PREFIX + container;
    AppArmorProfile field = context == null ? null : context.getAppArmorProfile();
    AppArmorProfile effective = field;
    if (annotations.containsKey(key)) {
      AppArmorProfile fromAnnotation = fieldFor(annotations.get(key));
      if (fromAnnotation == null) {
        return context; // an unknown value stays an annotation of its own
      }
      annotations.remove(key);
      if (effective == null) {
        effective = fromAnnotation;
      }
    }
    if (effective == null) {
      effective = podProfile;
    }
    if (effective == null || effective.equals(field)) {
      return context;
    }
    SecurityContext copy =
        context == null ? new SecurityContext() : new SecurityContextBuilder(context).build();
    copy.setAppArmorProfile(
        new AppArmorProfile(effective.getLocalhostProfile(), effective.getType()));
    return copy;
  }

  /** The field the API server makes of a deprecated AppArmor annotation; null if none. */
  private static AppArmorProfile fieldFor(String annotation) {
    if ("unconfined".equals(annotation)) {
      return new AppArmorProfile(null, "Unconfined");
    }
    if ("runtime/default".equals(annotation)) {
      return new AppArmorProfile(null, "RuntimeDefault");
    }
    if (annotation != null
        && annotation.startsWith("localhost/")
        && annotation.length() > "localhost/".length()) {
      return new AppArmorProfile(annotation.substring("localhost/".length()), "Localhost");
    }
    return null;
  }

  /** {@code ports} without host ports under {@code hostNetwork} (copies), else themselves. */
  private static List<ContainerPort> withoutHostPorts(
      List<ContainerPort> ports, boolean hostNetwork) {
    if (!hostNetwork || ports == null) {
      return ports;
    }
    List<ContainerPort> copies = new ArrayList<>(ports.size());
    for (ContainerPort port : ports) {
      copies.add(new ContainerPortBuilder(port).withHostPort(null).build());
    }
    return copies;
  }

  private static <T> List<T> orEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }

  /**
   * SHA-256 of {@code value} as JSON: the model's fields in its declared order, null fields and
   * empty lists left out (the model's own inclusion rules), map entries sorted. Fingerprints are
   * compared only within one process, so this order needs no other stability.
   */
  private static Fingerprint digest(Object value) {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
    try (OutputStream out = new DigestOutputStream(OutputStream.nullOutputStream(), sha)) {
      MAPPER.writeValue(out, value);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write a pod spec as JSON", e);
    }
    ByteBuffer bytes = ByteBuffer.wrap(sha.digest());
    return new Fingerprint(bytes.getLong(), bytes.getLong());
  }
}
