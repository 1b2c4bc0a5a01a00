package dev.bulwark.operator.observe;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's HTTP surface, on the JDK's own server (module jdk.httpserver, no dependency):
 * {@code /metrics} (Prometheus text format), {@code /healthz} and {@code /readyz}.
 *
 * <p>Hardened as any HTTP surface of Bulwark: every response carries {@code X-Content-Type-Options:
 * nosniff}, {@code Cache-Control: no-store}, {@code Content-Security-Policy: default-src 'none'},
 * {@code X-Frame-Options: DENY} and {@code Referrer-Policy: no-referrer}; only GET and HEAD are
 * served (405 with {@code Allow} otherwise); a request body over {@value #MAX_BODY_BYTES} bytes is
 * refused with 413 (none is needed); unknown paths get 404; an error answers with a one-line status
 * text, never a stack trace or other internals (those go to the log).
 *
 * <p>No client can stall it ({@link HttpServerLimits}): the JDK server reads a request on the
 * thread that serves it, so each connection gets a thread of its own (never one of a few shared
 * ones a slow sender could hold), a request must arrive within seconds and its answer be taken
 * within seconds or the connection is closed, idle connections are closed, and at most {@value
 * HttpServerLimits#MAX_CONNECTIONS} are open at once (bounding the threads too). So {@code
 * /healthz} answers while other clients stall. Platform threads, not virtual ones: the JDK 21
 * server blocks inside {@code synchronized} reads, which would pin the few carrier threads.
 */
public final class ObservabilityServer implements AutoCloseable {

  /** Largest request body accepted, in bytes: the endpoints take none. */
  public static final int MAX_BODY_BYTES = 1024;

  /** Content type of /metrics: the Prometheus text exposition format 0.0.4. */
  public static final String METRICS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private static final Logger LOG = LoggerFactory.getLogger(ObservabilityServer.class);

  /** Headers on every response. */
  static final Map<String, String> SECURITY_HEADERS =
      Map.of(
          "X-Content-Type-Options", "nosniff",
          "Cache-Control", "no-store",
          "Content-Security-Policy", "default-src 'none'",
          "X-Frame-Options", "DENY",
          "Referrer-Policy", "no-referrer");

  private final HttpServer server;
  private final ExecutorService threads;
  private final Supplier<String> scrape;
  private final Supplier<HealthCheck> live;
  private final Supplier<HealthCheck> ready;
  private final MetricsAccess access;

  private ObservabilityServer(
      HttpServer server,
      ExecutorService threads,
      Supplier<String> scrape,
      Supplier<HealthCheck> live,
      Supplier<HealthCheck> ready,
      MetricsAccess access) {
    this.server = server;
    this.threads = threads;
    this.scrape = scrape;
    this.live = live;
    this.ready = ready;
    this.access = access;
  }

  /**
   * Listens on {@code options}' address and port and serves until {@link #close()}.
   *
   * @param scrape the metrics in Prometheus text format, produced per request
   * @param live the answer of /healthz ({@link OperatorHealth#live()})
   * @param ready the answer of /readyz ({@link OperatorHealth#ready()})
   * @param access who may read /metrics
   * @throws ListenException when the address cannot be bound (e.g. the port is taken)
   */
  public static ObservabilityServer start(
      HttpOptions options,
      Supplier<String> scrape,
      Supplier<HealthCheck> live,
      Supplier<HealthCheck> ready,
      MetricsAccess access) {
    HttpServerLimits.apply();
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(options.bindAddress(), options.port()), 16);
    } catch (IOException e) {
      throw new ListenException(
          "cannot listen on " + options.bindAddress() + ":" + options.port() + ": " + e, e);
    }
    // A thread per connection, up to the connection limit; the server closes a connection whose
    // request the executor refuses.
    ExecutorService threads =
        new ThreadPoolExecutor(
            0,
            HttpServerLimits.MAX_CONNECTIONS,
            30,
            TimeUnit.SECONDS,
            new SynchronousQueue<>(),
            Thread.ofPlatform().name("bulwark-http-", 0).daemon(true).factory());
    ObservabilityServer observability =
        new ObservabilityServer(server, threads, scrape, live, ready, access);
    server.createContext("/", observability::handle);
    server.setExecutor(threads);
    server.start();
    LOG.info(
        "Serving /metrics, /healthz and /readyz on {}:{}{}",
        options.bindAddress(),
        server.getAddress().getPort(),
        options.authenticateMetrics() ? " (/metrics needs an authorized bearer token)" : "");
    return observability;
  }

  /** The address listened on, with the port actually bound. */
  public InetSocketAddress address() {
    return server.getAddress();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      Headers headers = exchange.getResponseHeaders();
      SECURITY_HEADERS.forEach(headers::set);
      try {
        respond(exchange);
      } catch (RuntimeException e) {
        LOG.warn("HTTP {} {} failed", exchange.getRequestMethod(), path(exchange), e);
        text(exchange, 500, "internal error");
      }
    }
  }

  private void respond(HttpExchange exchange) throws IOException {
    if (!bodyWithinLimit(exchange)) {
      exchange.getResponseHeaders().set("Connection", "close");
      text(exchange, 413, "request body too large");
      return;
    }
    String method = exchange.getRequestMethod();
    if (!"GET".equals(method) && !"HEAD".equals(method)) {
      exchange.getResponseHeaders().set("Allow", "GET, HEAD");
      text(exchange, 405, "method not allowed");
      return;
    }
    switch (path(exchange)) {
      case "/healthz" -> health(exchange, live.get());
      case "/readyz" -> health(exchange, ready.get());
      case "/metrics" -> metrics(exchange);
      default -> text(exchange, 404, "not found");
    }
  }

  private void metrics(HttpExchange exchange) throws IOException {
    MetricsAccess.Decision decision =
        access.decide(exchange.getRequestHeaders().getFirst("Authorization"));
    switch (decision) {
      case ALLOWED ->
          send(exchange, 200, METRICS_CONTENT_TYPE, scrape.get().getBytes(StandardCharsets.UTF_8));
      case UNAUTHENTICATED -> {
        exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"bulwark\"");
        text(exchange, 401, "unauthorized");
      }
      case FORBIDDEN -> text(exchange, 403, "forbidden");
      case UNAVAILABLE -> text(exchange, 503, "authorization unavailable");
    }
  }

  private static void health(HttpExchange exchange, HealthCheck check) throws IOException {
    text(exchange, check.ok() ? 200 : 503, check.reason());
  }

  /**
   * Whether the request body is at most {@link #MAX_BODY_BYTES}: by its Content-Length, or by
   * reading at most one byte more when it is chunked. A larger body is never read in full.
   */
  private static boolean bodyWithinLimit(HttpExchange exchange) throws IOException {
    String length = exchange.getRequestHeaders().getFirst("Content-Length");
    if (length != null) {
      try {
        if (Long.parseLong(length.strip()) > MAX_BODY_BYTES) {
          return false;
        }
      } catch (NumberFormatException e) {
        return false;
      }
    }
    InputStream body = exchange.getRequestBody();
    return body.readNBytes(MAX_BODY_BYTES + 1).length <= MAX_BODY_BYTES;
  }

  private static String path(HttpExchange exchange) {
    String path = exchange.getRequestURI().getRawPath();
    return path == null ? "" : path;
  }

  private static void text(HttpExchange exchange, int status, String message) throws IOException {
    send(
        exchange,
        status,
        "text/plain; charset=utf-8",
        (message + "\n").getBytes(StandardCharsets.UTF_8));
  }

  private static void send(HttpExchange exchange, int status, String contentType, byte[] body)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", contentType);
    if ("HEAD".equals(exchange.getRequestMethod())) {
      exchange.getResponseHeaders().set("Content-Length", Integer.toString(body.length));
      exchange.sendResponseHeaders(status, -1);
      return;
    }
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
