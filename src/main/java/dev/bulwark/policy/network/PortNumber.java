package dev.bulwark.policy.network;

/**
 * One numbered port over one protocol, e.g. 53/UDP, as a baseline lists the ports it allows a peer
 * on.
 *
 * @param protocol {@code TCP}, {@code UDP} or {@code SCTP}
 * @param port 1-65535
 */
public record PortNumber(String protocol, int port) {

  /** {@code ports} for messages, e.g. {@code 53/UDP 53/TCP}. */
  public static String join(java.util.List<PortNumber> ports) {
    return String.join(" ", ports.stream().map(PortNumber::toString).toList());
  }

  @Override
  public String toString() {
    return port + "/" + protocol;
  }
}
