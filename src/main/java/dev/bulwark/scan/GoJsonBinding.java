package dev.bulwark.scan;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;

/**
 * Jackson binding with Go's encoding/json strictness about scalar types, which is how the API
 * server and kubectl decode objects: a boolean or a number where a string belongs is an error, not
 * a string ({@code metadata: {namespace: n}} is YAML 1.1's {@code false}, and kubectl refuses it
 * with "cannot unmarshal bool into ... of type string"); a string where a number or a boolean
 * belongs is an error too. Unknown fields are passed over, as the checks read only some.
 */
public final class GoJsonBinding {

  private GoJsonBinding() {}

  /** A new mapper that binds as described. */
  public static ObjectMapper mapper() {
    ObjectMapper mapper =
        new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
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
    return mapper;
  }
}
