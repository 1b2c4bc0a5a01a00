package dev.bulwark.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.AppArmorProfile;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EphemeralContainer;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.SecurityContext;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Iterator;
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

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private ContentFingerprint() {}

  /**
   * The fingerprint of a pod or pod template with {@code metadata} (may be null) and {@code spec}.
   */
  public static Fingerprint of(ObjectMeta metadata, PodSpec spec) {
    Map<String, String> annotations =
        new TreeMap<>(SecurityAnnotations.of(metadata == null ? null : metadata.getAnnotations()));
    PodSpec canonical = canonical(spec == null ? new PodSpec() : spec, annotations);
    ObjectNode root = MAPPER.createObjectNode();
    root.set("spec", MAPPER.valueToTree(canonical));
    root.set("annotations", MAPPER.valueToTree(annotations));
    return digest(root);
  }

  /**
   * A new spec: the projection of {@code spec} with the normalisations of the class comment;
   * AppArmor annotations folded into the fields are removed from {@code annotations}.
   */
  static PodSpec canonical(PodSpec spec, Map<String, String> annotations) {
    PodSpec n = new PodSpecBuilder(SecurityProjection.of(spec)).build();
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
      withoutHostPorts(c.getPorts(), hostNetwork);
    }
    for (Container c : orEmpty(n.getContainers())) {
      c.setSecurityContext(appArmor(c.getName(), c.getSecurityContext(), podProfile, annotations));
      c.setResources(null);
      withoutHostPorts(c.getPorts(), hostNetwork);
    }
    for (EphemeralContainer c : orEmpty(n.getEphemeralContainers())) {
      c.setSecurityContext(appArmor(c.getName(), c.getSecurityContext(), podProfile, annotations));
      c.setResources(null);
    }
    return n;
  }

  /** {@code context} with the container's effective AppArmor profile as its field. */
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
    if (effective == null) {
      return context;
    }
    SecurityContext result = context == null ? new SecurityContext() : context;
    result.setAppArmorProfile(
        new AppArmorProfile(effective.getLocalhostProfile(), effective.getType()));
    return result;
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

  private static void withoutHostPorts(List<ContainerPort> ports, boolean hostNetwork) {
    if (hostNetwork && ports != null) {
      ports.forEach(p -> p.setHostPort(null));
    }
  }

  private static <T> List<T> orEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }

  /**
   * SHA-256 of {@code node} written canonically: object keys sorted, null members and empty arrays
   * left out (the model keeps absent lists as empty ones), each value tagged with its type and
   * strings prefixed with their length.
   */
  static Fingerprint digest(JsonNode node) {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
    write(node, sha);
    ByteBuffer bytes = ByteBuffer.wrap(sha.digest());
    return new Fingerprint(bytes.getLong(), bytes.getLong());
  }

  private static void write(JsonNode node, MessageDigest out) {
    if (node.isObject()) {
      List<String> names = new ArrayList<>();
      for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
        String name = it.next();
        if (!absent(node.get(name))) {
          names.add(name);
        }
      }
      names.sort(null);
      out.update((byte) '{');
      for (String name : names) {
        text(name, out);
        write(node.get(name), out);
      }
      out.update((byte) '}');
    } else if (node.isArray()) {
      out.update((byte) '[');
      for (JsonNode element : node) {
        write(element, out);
      }
      out.update((byte) ']');
    } else if (node.isNull() || node.isMissingNode()) {
      out.update((byte) 'n');
    } else if (node.isBoolean()) {
      out.update((byte) (node.booleanValue() ? 't' : 'f'));
    } else if (node.isNumber()) {
      out.update((byte) '#');
      text(node.asText(), out);
    } else {
      out.update((byte) 's');
      text(node.asText(), out);
    }
  }

  private static boolean absent(JsonNode node) {
    return node == null
        || node.isNull()
        || node.isMissingNode()
        || (node.isArray() && node.isEmpty());
  }

  private static void text(String text, MessageDigest out) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    out.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
    out.update(bytes);
  }
}
