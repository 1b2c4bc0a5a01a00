package dev.bulwark.operator.namespace;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.bulwark.plan.Ownership;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Asks the API server, by a server-side dry-run of the namespace labels, which existing pods a
 * tighter Pod Security level would reject. The answer comes back as HTTP Warning headers, which the
 * typed client does not expose, hence the raw request.
 */
final class PodSecurityPreview {

  static final int MAX_WARNINGS = 20;

  private final KubernetesClient client;

  PodSecurityPreview(KubernetesClient client) {
    this.client = client;
  }

  /** The API server's warnings for applying {@code namespace} (an apply configuration). */
  List<String> warnings(Namespace namespace) {
    String name = namespace.getMetadata().getName();
    String url =
        client.getMasterUrl()
            + "api/v1/namespaces/"
            + URLEncoder.encode(name, StandardCharsets.UTF_8)
            + "?dryRun=All&force=true&fieldManager="
            + Ownership.FIELD_MANAGER;
    try {
      HttpClient http = client.getHttpClient();
      HttpRequest request =
          http.newHttpRequestBuilder()
              .uri(url)
              .method(
                  "PATCH",
                  "application/apply-patch+yaml",
                  Serialization.jsonMapper().writeValueAsString(namespace))
              .build();
      HttpResponse<String> response =
          http.sendAsync(request, String.class).get(30, TimeUnit.SECONDS);
      if (response.code() >= 300) {
        return List.of("dry-run of the new labels failed with HTTP " + response.code());
      }
      return parse(response.headers("Warning"));
    } catch (JsonProcessingException | ExecutionException | TimeoutException e) {
      return List.of("dry-run of the new labels failed: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return List.of("dry-run of the new labels was interrupted");
    }
  }

  /**
   * Strips the RFC 7234 wrapper ({@code 299 - "text"}) from each warning, keeping the first few.
   */
  static List<String> parse(List<String> headers) {
    List<String> warnings = new ArrayList<>();
    if (headers == null) {
      return warnings;
    }
    for (String header : headers) {
      String text = header.replaceFirst("^\\d{3} \\S+ \"", "").replaceFirst("\"$", "");
      warnings.add(text.replace("\\\"", "\""));
      if (warnings.size() == MAX_WARNINGS) {
        break;
      }
    }
    return warnings;
  }
}
