package dev.bulwark.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import java.util.Objects;

/** One port DNS queries may go to, as a NetworkPolicy egress port. */
public class DnsPort {

  @JsonPropertyDescription("Port number, 1-65535, e.g. 53 or 5353.")
  @Required
  @Min(1)
  @Max(65535)
  public int port;

  @JsonPropertyDescription("UDP, TCP or SCTP. Default: UDP.")
  @Default("UDP")
  @Pattern("^(UDP|TCP|SCTP)$")
  public String protocol = "UDP";

  /** For Jackson. */
  public DnsPort() {}

  /** Port {@code port} over {@code protocol} (UDP, TCP or SCTP). */
  public DnsPort(int port, String protocol) {
    this.port = port;
    this.protocol = protocol;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DnsPort other
        && port == other.port
        && Objects.equals(protocol, other.protocol);
  }

  @Override
  public int hashCode() {
    return Objects.hash(port, protocol);
  }

  @Override
  public String toString() {
    return port + "/" + protocol;
  }
}
