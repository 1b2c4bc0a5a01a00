package dev.bulwark.operator.namespace;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.bulwark.plan.Ownership;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
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
 * Applies a namespace's labels by server-side apply and returns the API server's Pod Security
 * warnings for it: which existing pods the new level rejects. They come back as HTTP Warning
 * headers, which the typed client does not expose, hence the raw request. The write itself carries
 * them, as a server-side dry-run of the same labels would: one request, and one Pod Security
 * evaluation of the namespace's pods, instead of a dry-run and the write (at 10,000 namespaces the
 * dry-runs were a sixth of the operator's requests at start and the API server's most expensive,
 * issue 24).
 */
final class PodSecurityPreview {

  static final int MAX_WARNINGS = 20;

  private final KubernetesClient client;

  PodSecurityPreview(KubernetesClient client) {
    this.client = client;
  }

  /**
   * Applies {@code namespace} (an apply configuration) under Bulwark's field manager, forcing
   * conflicts, as {@link dev.bulwark.operator.writes.BulwarkApply} does, and returns the API
   * server's warnings.
   *
   * @throws KubernetesClientException when the API server refuses the write (with its status) or
   *     cannot be reached
   */
  List<String> apply(Namespace namespace) {
    HttpResponse<String> response = send(namespace);
    if (response.code() >= 300) {
      throw refused(response);
    }
    return parse(response.headers("Warning"));
  }

  private HttpResponse<String> send(Namespace namespace) {
    String name = namespace.getMetadata().getName();
    String url =
        client.getMasterUrl()
            + "api/v1/namespaces/"
            + URLEncoder.encode(name, StandardCharsets.UTF_8)
            + "?force=true&fieldManager="
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
      return http.sendAsync(request, String.class).get(30, TimeUnit.SECONDS);
    } catch (JsonProcessingException | ExecutionException | TimeoutException e) {
      throw new KubernetesClientException("apply of namespace " + name + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KubernetesClientException("apply of namespace " + name + " was interrupted", e);
    }
  }

  /** The refusal as the typed client reports one: the API server's Status when it sent one. */
  private static KubernetesClientException refused(HttpResponse<String> response) {
    Status status = null;
    try {
      String body = response.body();
      status = body == null || body.isBlank() ? null : Serialization.unmarshal(body, Status.class);
    } catch (RuntimeException e) {
      // Not a Status: report the code alone.
    }
    if (status == null || status.getMessage() == null) {
      status =
          new StatusBuilder()
              .withCode(response.code())
              .withMessage("HTTP " + response.code())
              .build();
    }
    if (status.getCode() == null) {
      status.setCode(response.code());
    }
    return new KubernetesClientException(status);
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
