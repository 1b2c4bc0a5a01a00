package dev.bulwark.scan;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.BeanDeserializerBuilder;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.SettableBeanProperty;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Quantity;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Jackson binding into fabric8's model classes by the rules the API server decodes request bodies
 * with (sigs.k8s.io/json, Go's encoding/json made case-sensitive, into k8s.io/api types):
 *
 * <ul>
 *   <li>no coercion: a boolean or number where a string belongs is an error ({@code namespace: n}
 *       is YAML 1.1's {@code false}), and so is a string or a fraction where a number belongs
 *       ({@code replicas: "3"}, {@code 1.5}), and a number where a boolean belongs;
 *   <li>{@code IntOrString}: an integer that fits int32, or a string;
 *   <li>{@code Quantity}: a string or a number that {@link GoQuantity} takes (spaces trimmed);
 *   <li>{@code metav1.Time} fields (fabric8 strings: {@code creationTimestamp}, condition times,
 *       {@code startTime}...): null or an RFC 3339 string as Go's {@code time.Parse} reads it;
 *   <li>unknown fields are passed over (fields fabric8 7.5 does not model are not checked);
 *   <li>in {@link #workloadMapper}: a null list item or map value is the zero value (an empty
 *       object, {@code ""}, {@code 0}).
 * </ul>
 */
public final class GoJsonBinding {

  /** fabric8 string properties whose Go type is {@code metav1.Time}, in the workload kinds. */
  private static final Set<String> TIME_FIELDS =
      Set.of(
          "creationTimestamp",
          "deletionTimestamp",
          "time",
          "lastTransitionTime",
          "lastUpdateTime",
          "lastProbeTime",
          "startTime",
          "completionTime",
          "lastScheduleTime",
          "lastSuccessfulTime",
          "startedAt",
          "finishedAt");

  private static final Pattern RFC3339 =
      Pattern.compile(
          "([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{1,2}):([0-9]{2}):([0-9]{2})(?:[.,][0-9]+)?"
              + "(?:Z|[+-]([0-9]{2}):([0-9]{2}))");

  private GoJsonBinding() {}

  /**
   * A new mapper for Kubernetes API types (fabric8's model classes), where Go's zero value stands
   * for a null list item or map value.
   */
  public static ObjectMapper workloadMapper() {
    ObjectMapper mapper = mapper();
    for (Class<?> container : List.of(List.class, Map.class)) {
      mapper
          .configOverride(container)
          .setSetterInfo(JsonSetter.Value.forContentNulls(Nulls.AS_EMPTY));
    }
    return mapper;
  }

  /** A new mapper that binds as described, null items and values kept null. */
  public static ObjectMapper mapper() {
    ObjectMapper mapper =
        new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .configure(DeserializationFeature.ACCEPT_FLOAT_AS_INT, false);
    mapper
        .coercionConfigFor(LogicalType.Textual)
        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
    for (LogicalType scalar :
        new LogicalType[] {LogicalType.Integer, LogicalType.Float, LogicalType.Boolean}) {
      mapper
          .coercionConfigFor(scalar)
          .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
          .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
    }
    mapper
        .coercionConfigFor(LogicalType.Boolean)
        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
    mapper
        .coercionConfigFor(LogicalType.Integer)
        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
    mapper.addMixIn(IntOrString.class, GoIntOrString.class);
    mapper.addMixIn(Quantity.class, GoQuantityValue.class);
    mapper.registerModule(new SimpleModule("go-time").setDeserializerModifier(new TimeFields()));
    return mapper;
  }

  @JsonDeserialize(using = IntOrStringDeserializer.class)
  private abstract static class GoIntOrString {}

  @JsonDeserialize(using = QuantityDeserializer.class)
  private abstract static class GoQuantityValue {}

  /** {@code intstr.IntOrString.UnmarshalJSON}: a string, or an int32. */
  static final class IntOrStringDeserializer extends JsonDeserializer<IntOrString> {
    @Override
    public IntOrString deserialize(JsonParser p, DeserializationContext context)
        throws IOException {
      JsonNode node = p.readValueAsTree();
      if (node.isTextual()) {
        return new IntOrString(node.textValue());
      }
      if (node.isIntegralNumber() && node.canConvertToInt()) {
        return new IntOrString(node.intValue());
      }
      return context.reportInputMismatch(IntOrString.class, "not an int32 or a string");
    }
  }

  /** {@code resource.Quantity.UnmarshalJSON}: the text of a string or a number, parsed. */
  static final class QuantityDeserializer extends JsonDeserializer<Quantity> {
    @Override
    public Quantity deserialize(JsonParser p, DeserializationContext context) throws IOException {
      JsonNode node = p.readValueAsTree();
      String text =
          node.isTextual() ? node.textValue().strip() : node.isNumber() ? node.asText() : "";
      if (!GoQuantity.isValid(text)) {
        return context.reportInputMismatch(Quantity.class, "not a quantity");
      }
      return new Quantity(text);
    }

    @Override
    public Object getEmptyValue(DeserializationContext context) {
      return new Quantity("0"); // Go's zero Quantity, for a null map value
    }
  }

  /** Replaces the string deserializer of {@link #TIME_FIELDS} in fabric8's model classes. */
  private static final class TimeFields extends BeanDeserializerModifier {
    private static final long serialVersionUID = 1L;

    @Override
    public BeanDeserializerBuilder updateBuilder(
        DeserializationConfig config, BeanDescription bean, BeanDeserializerBuilder builder) {
      if (!bean.getBeanClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
        return builder;
      }
      List<SettableBeanProperty> times = new ArrayList<>();
      builder
          .getProperties()
          .forEachRemaining(
              p -> {
                if (TIME_FIELDS.contains(p.getName()) && p.getType().hasRawClass(String.class)) {
                  times.add(p.withValueDeserializer(new TimeDeserializer()));
                }
              });
      times.forEach(p -> builder.addOrReplaceProperty(p, true));
      return builder;
    }
  }

  /** {@code metav1.Time.UnmarshalJSON}: {@code time.Parse(time.RFC3339, s)} must take it. */
  static final class TimeDeserializer extends StringDeserializer {
    private static final long serialVersionUID = 1L;

    @Override
    public String deserialize(JsonParser p, DeserializationContext context) throws IOException {
      String text = super.deserialize(p, context);
      if (text != null && !isRfc3339(text)) {
        return context.reportInputMismatch(OffsetDateTime.class, "not an RFC 3339 time");
      }
      return text;
    }
  }

  /**
   * Go's {@code time.Parse(time.RFC3339, s)}: {@code 2006-01-02T15:04:05Z07:00}, a one-digit hour
   * and a fraction after {@code .} or {@code ,} allowed, the zone {@code Z} or up to {@code
   * ±24:60}, the date and time in range.
   */
  static boolean isRfc3339(String text) {
    Matcher m = RFC3339.matcher(text);
    try {
      return m.matches()
          && LocalDate.of(number(m, 1), number(m, 2), number(m, 3)) != null
          && number(m, 4) < 24
          && number(m, 5) < 60
          && number(m, 6) < 60
          && (m.group(7) == null || number(m, 7) <= 24 && number(m, 8) <= 60);
    } catch (DateTimeException e) {
      return false;
    }
  }

  private static int number(Matcher m, int group) {
    return Integer.parseInt(m.group(group));
  }
}
