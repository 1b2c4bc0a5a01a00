package dev.bulwark.policy.network;

/**
 * One numbered port over one protocol, e.g. 53/UDP, as a baseline lists the ports it allows a peer
 * on.
 *
 * @param protocol {@code TCP}, {@code UDP} or {@code SCTP}
 * @param port 1-65535
 */
public record PortNumber(String protocol, int port) {

  @Override
  public String toString() {
    return port + "/" + protocol;
  }
}
