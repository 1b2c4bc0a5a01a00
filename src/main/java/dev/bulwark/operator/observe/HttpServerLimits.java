package dev.bulwark.operator.observe;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The limits of the JDK's HTTP server ({@code jdk.httpserver}) that keep a slow or stalled client
 * from holding the operator's endpoints, set as the system properties that server reads. Each is
 * documented in the module {@code jdk.httpserver} of JDK 21 and later and read once, when the first
 * server starts (so {@link #apply()} runs before it; a value given with {@code -D} wins).
 *
 * <p>A connection may take {@value #MAX_REQUEST_SECONDS} s to send its request line, headers and
 * body, and {@value #MAX_RESPONSE_SECONDS} s to take the answer, or it is closed (freeing its
 * thread); a connection that sends nothing is closed as soon (the server closes a new connection
 * idle for the shorter of the request time and the idle interval, checked every {@value
 * #CLOCK_TICK_MILLIS} ms); a kept-alive idle one after {@value #IDLE_SECONDS} s. At most {@value
 * #MAX_CONNECTIONS} connections are open at once (more are closed when accepted), with at most
 * {@value #MAX_HEADERS} headers of {@value #MAX_HEADER_BYTES} bytes in all.
 */
final class HttpServerLimits {

  /** Seconds a request (line, headers, body) may take to arrive. */
  static final int MAX_REQUEST_SECONDS = 5;

  /** Seconds a response may take, from the end of the request to its last byte. */
  static final int MAX_RESPONSE_SECONDS = 30;

  /** Seconds a kept-alive connection may stay idle. */
  static final int IDLE_SECONDS = 30;

  /** How often idle and newly accepted connections are checked, in milliseconds. */
  static final int CLOCK_TICK_MILLIS = 1000;

  /** Connections open at once; also the most threads serving at once. */
  static final int MAX_CONNECTIONS = 128;

  /** Idle kept-alive connections kept open. */
  static final int MAX_IDLE_CONNECTIONS = 16;

  /** Header fields per request. */
  static final int MAX_HEADERS = 32;

  /** Bytes of the request line and headers together (a bearer token takes a few kilobytes). */
  static final int MAX_HEADER_BYTES = 16 * 1024;

  private HttpServerLimits() {}

  /** The properties and their values, in the JDK's units. */
  static Map<String, String> properties() {
    Map<String, String> limits = new LinkedHashMap<>();
    limits.put("sun.net.httpserver.maxReqTime", Integer.toString(MAX_REQUEST_SECONDS));
    limits.put("sun.net.httpserver.maxRspTime", Integer.toString(MAX_RESPONSE_SECONDS));
    limits.put("sun.net.httpserver.idleInterval", Integer.toString(IDLE_SECONDS));
    limits.put("sun.net.httpserver.clockTick", Integer.toString(CLOCK_TICK_MILLIS));
    limits.put("jdk.httpserver.maxConnections", Integer.toString(MAX_CONNECTIONS));
    limits.put("sun.net.httpserver.maxIdleConnections", Integer.toString(MAX_IDLE_CONNECTIONS));
    limits.put("sun.net.httpserver.maxReqHeaders", Integer.toString(MAX_HEADERS));
    limits.put("sun.net.httpserver.maxReqHeaderSize", Integer.toString(MAX_HEADER_BYTES));
    return limits;
  }

  /** Sets every limit not already given as a system property; call before any server starts. */
  static void apply() {
    properties()
        .forEach(
            (name, value) -> {
              if (System.getProperty(name) == null) {
                System.setProperty(name, value);
              }
            });
  }
}
