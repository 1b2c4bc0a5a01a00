package dev.bulwark.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.nio.file.Files;
import java.util.List;
import java.util.Set;

/** Validates a SARIF log against the official SARIF 2.1.0 schema. */
public final class SarifValidation {

  private static JsonSchema schema;

  private SarifValidation() {}

  /** Schema violations, empty when the log is valid. */
  public static List<String> errors(JsonNode sarif) throws Exception {
    Set<ValidationMessage> messages = schema().validate(sarif);
    return messages.stream().map(ValidationMessage::getMessage).sorted().toList();
  }

  private static synchronized JsonSchema schema() throws Exception {
    if (schema == null) {
      String text = Files.readString(SarifSchema.file());
      schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(text);
    }
    return schema;
  }
}
