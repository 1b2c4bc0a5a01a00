package dev.bulwark.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads the local API server's audit log (see {@code LocalControlPlane#auditLog()}): one
 * audit.k8s.io/v1 Event per line, at level Metadata, for writes and lists.
 */
public final class AuditLog {

  private static final ObjectMapper JSON = new ObjectMapper();

  private AuditLog() {}

  /**
   * One completed request: who (the impersonated user when there is one), what verb, on which
   * resource, its URI, and when it completed.
   */
  public record Request(
      String username,
      String verb,
      String apiGroup,
      String resource,
      String subresource,
      String namespace,
      String name,
      int code,
      String requestUri,
      Instant completed) {

    /**
     * Whether it changed something: a create, update, patch, delete or deletecollection that was
     * not a dry run.
     */
    public boolean write() {
      boolean writeVerb =
          switch (verb) {
            case "create", "update", "patch", "delete", "deletecollection" -> true;
            default -> false;
          };
      return writeVerb && !requestUri.contains("dryRun=All");
    }
  }

  /** Every completed request in {@code log}, in the order written. */
  public static List<Request> read(Path log) {
    List<Request> requests = new ArrayList<>();
    try (Stream<String> lines = Files.lines(log)) {
      lines.forEach(
          line -> {
            try {
              JsonNode event = JSON.readTree(line);
              if (!"ResponseComplete".equals(event.path("stage").asText())) {
                return;
              }
              JsonNode ref = event.path("objectRef");
              JsonNode impersonated = event.path("impersonatedUser").path("username");
              requests.add(
                  new Request(
                      impersonated.isMissingNode()
                          ? event.path("user").path("username").asText()
                          : impersonated.asText(),
                      event.path("verb").asText(),
                      ref.path("apiGroup").asText(""),
                      ref.path("resource").asText(""),
                      ref.path("subresource").asText(""),
                      ref.path("namespace").asText(""),
                      ref.path("name").asText(""),
                      event.path("responseStatus").path("code").asInt(),
                      event.path("requestURI").asText(""),
                      Instant.parse(event.path("stageTimestamp").asText())));
            } catch (IOException e) {
              // a line being written while we read: the next read has it whole
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return requests;
  }
}
