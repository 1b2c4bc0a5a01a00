package dev.bulwark.policy.network;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import org.bouncycastle.util.IPAddress;

/**
 * An address range in CIDR notation, parsed as the Kubernetes CEL library's {@code cidr()} parses
 * it (Go's {@code netip.ParsePrefix}): host bits may be set and are ignored, IPv4-mapped IPv6
 * addresses are refused. Containment is the library's {@code containsCIDR}: same family, a prefix
 * no longer than the other's, and equal leading bits.
 */
final class CidrRange {

  /** The address bytes (4 or 16). */
  private final byte[] address;

  /** The prefix length. */
  private final int bits;

  private CidrRange(byte[] address, int bits) {
    this.address = address;
    this.bits = bits;
  }

  /** {@code cidr} parsed; empty when it is not CIDR notation the CEL library accepts. */
  static Optional<CidrRange> parse(String cidr) {
    if (cidr == null) {
      return Optional.empty();
    }
    int slash = cidr.indexOf('/');
    if (slash < 0 || slash != cidr.lastIndexOf('/')) {
      return Optional.empty();
    }
    String text = cidr.substring(0, slash);
    String prefix = cidr.substring(slash + 1);
    if (prefix.isEmpty()
        || prefix.length() > 3
        || !prefix.chars().allMatch(Character::isDigit)
        || (prefix.length() > 1 && prefix.charAt(0) == '0')) {
      return Optional.empty();
    }
    int bits = Integer.parseInt(prefix);
    byte[] bytes;
    if (IPAddress.isValidIPv4(text)) {
      if (text.chars().filter(c -> c == '.').count() != 3 || hasLeadingZero(text)) {
        return Optional.empty();
      }
      bytes = literal(text);
      if (bytes.length != 4 || bits > 32) {
        return Optional.empty();
      }
    } else if (IPAddress.isValidIPv6(text) && !text.contains("%")) {
      bytes = literal(text);
      // InetAddress folds ::ffff:a.b.c.d into IPv4; netip keeps it, and the library refuses it.
      if (bytes.length != 16 || bits > 128) {
        return Optional.empty();
      }
    } else {
      return Optional.empty();
    }
    return Optional.of(new CidrRange(bytes, bits));
  }

  /** Whether every address of {@code inner} lies in this range. */
  boolean contains(CidrRange inner) {
    if (address.length != inner.address.length || bits > inner.bits) {
      return false;
    }
    for (int bit = 0; bit < bits; bit++) {
      int mask = 0x80 >>> (bit % 8);
      if ((address[bit / 8] & mask) != (inner.address[bit / 8] & mask)) {
        return false;
      }
    }
    return true;
  }

  private static boolean hasLeadingZero(String ipv4) {
    for (String part : ipv4.split("\\.")) {
      if (part.length() > 1 && part.charAt(0) == '0') {
        return true;
      }
    }
    return false;
  }

  /** The bytes of a literal already checked as an IP address (so no name lookup happens). */
  private static byte[] literal(String text) {
    try {
      return InetAddress.getByName(text).getAddress();
    } catch (UnknownHostException e) {
      return new byte[0];
    }
  }
}
