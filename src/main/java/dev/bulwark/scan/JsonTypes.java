package dev.bulwark.scan;

import java.util.Collection;
import java.util.Map;

/** Names a model field's Java type the way a manifest author thinks of it, for messages. */
public final class JsonTypes {

  private JsonTypes() {}

  /**
   * {@code a string}, {@code a number}, {@code true or false}, {@code a list} or {@code an object}.
   */
  public static String describe(Class<?> type) {
    if (type == String.class || type.isEnum()) {
      return "a string";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
      return "a number";
    }
    if (Collection.class.isAssignableFrom(type) || type.isArray()) {
      return "a list";
    }
    if (Map.class.isAssignableFrom(type)) {
      return "an object";
    }
    if (type.getName().endsWith("IntOrString")) {
      return "a number or a string";
    }
    if (type.getName().endsWith("Quantity")) {
      return "a quantity";
    }
    if (type == java.time.OffsetDateTime.class) {
      return "an RFC 3339 time";
    }
    return "an object";
  }
}
