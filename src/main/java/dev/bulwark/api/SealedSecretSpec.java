package dev.bulwark.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** What the Secret will hold: encrypted values and the unencrypted shape around them. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SealedSecretSpec {

  @Required
  @JsonPropertyDescription(
      "Sealed values by data key: base64 of a u16 RSA ciphertext length, the RSA-OAEP(SHA-256)"
          + " encrypted session key and the AES-256-GCM encrypted value. Made by `bulwark seal`"
          + " or `kubeseal`.")
  private Map<String, String> encryptedData = new LinkedHashMap<>();

  @JsonPropertyDescription(
      "Metadata, type and immutability of the Secret to create; values are never taken from here.")
  private SecretTemplate template;

  public Map<String, String> getEncryptedData() {
    return encryptedData;
  }

  public void setEncryptedData(Map<String, String> encryptedData) {
    this.encryptedData = encryptedData;
  }

  public SecretTemplate getTemplate() {
    return template;
  }

  public void setTemplate(SecretTemplate template) {
    this.template = template;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SealedSecretSpec that
        && Objects.equals(encryptedData, that.encryptedData)
        && Objects.equals(template, that.template);
  }

  @Override
  public int hashCode() {
    return Objects.hash(encryptedData, template);
  }
}
