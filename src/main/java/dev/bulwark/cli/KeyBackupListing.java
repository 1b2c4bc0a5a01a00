package dev.bulwark.cli;

import dev.bulwark.seal.BackedUpKey;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.HexFormat;

/**
 * One line naming a key by public facts only: its name, when its certificate starts, and the
 * certificate's SHA-256 fingerprint (as {@code openssl x509 -fingerprint -sha256} prints it).
 */
final class KeyBackupListing {

  private KeyBackupListing() {}

  static String describe(BackedUpKey entry) {
    return entry.name()
        + " (certificate from "
        + entry.key().notBefore()
        + entry.key().certificate().map(c -> ", SHA-256 " + fingerprint(c)).orElse("")
        + ")";
  }

  private static String fingerprint(X509Certificate certificate) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
      return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
    } catch (GeneralSecurityException e) {
      return "unknown";
    }
  }
}
