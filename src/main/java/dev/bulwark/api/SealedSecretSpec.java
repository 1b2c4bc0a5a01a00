package dev.bulwark.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** What the Secret will hold: encrypted values and the unencrypted shape around them. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SealedSecretSpec {

  /** Most items a SealedSecret may seal: far above real Secrets, low enough to bound the work. */
  public static final int MAX_ITEMS = 256;

  /**
   * Longest sealed value, in base64 characters: a 1 MiB value (a Secret's own limit) sealed with a
   * 4096-bit key is about 1,398,800 characters.
   */
  public static final int MAX_VALUE_LENGTH = 1_400_000;

  @Required
  @JsonPropertyDescription(
      "Sealed values by data key: base64 of a u16 RSA ciphertext length, the RSA-OAEP(SHA-256)"
          + " encrypted session key and the AES-256-GCM encrypted value. Made by `bulwark seal`"
          + " or `kubeseal`. At most 256 items of at most 1,400,000 characters each (enough for a"
          + " 1 MiB value).")
  @Size(max = MAX_ITEMS)
  private Map<String, @Size(max = MAX_VALUE_LENGTH) String> encryptedData = new LinkedHashMap<>();

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
