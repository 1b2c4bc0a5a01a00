package dev.bulwark.operator.informers;

import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.Quantity;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Replaces, throughout a cached fabric8 model object, every empty map and list (the model gives
 * each object its own empty {@code additionalProperties} map and empty lists, whatever the JSON
 * held) by the shared immutable empty ones. A Deployment's template is some 25 model objects, so at
 * 30,000 Deployments that was about 60 MiB of empty maps and lists (issue 24). Found by the model's
 * own bean properties (a public getter and setter of a {@link Map} or {@link List}), looked up once
 * per class; only objects of the fabric8 model are walked. Cached objects are read, never changed
 * in place (the empty ones are equal to, and hash as, the ones they replace).
 */
public final class CompactModel {

  /** Deep enough for any pod template; a cycle is impossible in JSON-decoded objects. */
  private static final int MAX_DEPTH = 32;

  private static final ClassValue<List<Property>> PROPERTIES =
      new ClassValue<>() {
        @Override
        protected List<Property> computeValue(Class<?> type) {
          return properties(type);
        }
      };

  private CompactModel() {}

  /** Compacts {@code object} and the model objects it holds, in place. */
  public static void compact(KubernetesResource object) {
    compact(object, 0);
  }

  private static void compact(Object object, int depth) {
    if (object == null || depth > MAX_DEPTH || !isModel(object.getClass())) {
      return;
    }
    for (Property property : PROPERTIES.get(object.getClass())) {
      Object value = property.get(object);
      switch (value) {
        case Map<?, ?> map when map.isEmpty() -> property.set(object, Map.of());
        case Map<?, ?> map -> {
          for (Object element : map.values()) {
            compact(element, depth + 1);
          }
        }
        case List<?> list when list.isEmpty() -> property.set(object, List.of());
        case Collection<?> list -> {
          for (Object element : list) {
            compact(element, depth + 1);
          }
        }
        case null -> {}
        default -> compact(value, depth + 1);
      }
    }
  }

  /** A bean property of a model class: a getter, and a setter when the value is a map or list. */
  private record Property(Method getter, Method setter) {

    Object get(Object target) {
      try {
        return getter.invoke(target);
      } catch (IllegalAccessException | InvocationTargetException e) {
        return null;
      }
    }

    void set(Object target, Object value) {
      if (setter == null) {
        return;
      }
      try {
        setter.invoke(target, value);
      } catch (IllegalAccessException | InvocationTargetException e) {
        // Left as it was: compaction saves memory, it never changes what an object says.
      }
    }
  }

  /**
   * Whether {@code type} is a class of the fabric8 model (a {@link Quantity} is not a resource).
   */
  private static boolean isModel(Class<?> type) {
    return type.getName().startsWith("io.fabric8.kubernetes.api.model.");
  }

  private static List<Property> properties(Class<?> type) {
    List<Property> found = new ArrayList<>();
    if (!isModel(type)) {
      return found;
    }
    for (Method getter : type.getMethods()) {
      if (getter.getParameterCount() != 0
          || Modifier.isStatic(getter.getModifiers())
          || !getter.getName().startsWith("get")
          || getter.getName().equals("getClass")) {
        continue;
      }
      Class<?> result = getter.getReturnType();
      boolean container = Map.class.equals(result) || List.class.equals(result);
      if (!container && !isModel(result)) {
        continue;
      }
      Method setter = null;
      if (container) {
        try {
          setter = type.getMethod("set" + getter.getName().substring(3), result);
        } catch (NoSuchMethodException e) {
          continue;
        }
      }
      found.add(new Property(getter, setter));
    }
    return List.copyOf(found);
  }
}
