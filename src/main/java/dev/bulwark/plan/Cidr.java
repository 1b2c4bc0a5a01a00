package dev.bulwark.plan;

import org.bouncycastle.util.IPAddress;

/**
 * Checks CIDR notation as a NetworkPolicy's {@code ipBlock.cidr} takes it: an IPv4 or IPv6 address,
 * a slash, and a prefix length (0-32 or 0-128). Addresses are checked by Bouncy Castle's {@link
 * IPAddress} (already a dependency for sealing); a dotted netmask such as {@code /255.255.255.0},
 * which IPAddress would accept, is refused here because the API server refuses it.
 */
final class Cidr {

  private Cidr() {}

  /** True for e.g. {@code 169.254.20.10/32}, {@code 10.0.0.0/8}, {@code fd00::/8}. */
  static boolean isValid(String cidr) {
    if (cidr == null) {
      return false;
    }
    int slash = cidr.indexOf('/');
    if (slash < 0 || slash != cidr.lastIndexOf('/')) {
      return false;
    }
    String address = cidr.substring(0, slash);
    String prefix = cidr.substring(slash + 1);
    if (prefix.isEmpty() || prefix.length() > 3 || !prefix.chars().allMatch(Character::isDigit)) {
      return false;
    }
    int length = Integer.parseInt(prefix);
    if (IPAddress.isValidIPv4(address)) {
      return length <= 32;
    }
    return IPAddress.isValidIPv6(address) && length <= 128;
  }
}
