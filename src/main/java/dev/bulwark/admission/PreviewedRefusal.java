package dev.bulwark.admission;

import java.time.Instant;

/**
 * One existing object whose pods one check's generated admission policy refuses, or will refuse
 * once the exceptions covering it expire.
 *
 * @param kind the workload's kind (Deployment, ..., Pod for a bare pod)
 * @param namespace its namespace
 * @param name its name
 * @param check the check id whose policy refuses it
 * @param from when the refusal starts: null for now, else the expiry of the last exception covering
 *     it
 */
public record PreviewedRefusal(
    String kind, String namespace, String name, String check, Instant from) {

  /** The object as status and {@link RefusalKeys} name it: {@code Kind/namespace/name}. */
  public String key() {
    return kind + "/" + namespace + "/" + name;
  }
}
