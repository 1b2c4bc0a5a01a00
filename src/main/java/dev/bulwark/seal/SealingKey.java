package dev.bulwark.seal;

import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateKey;
import java.time.Instant;
import java.util.Optional;

/**
 * One RSA key pair; {@code id} names where it came from. The certificate is absent for a bare
 * private key read for offline recovery, which can open values but not seal them.
 */
public record SealingKey(
    String id, RSAPrivateKey privateKey, Optional<X509Certificate> certificate) {

  public static SealingKey withCertificate(
      String id, RSAPrivateKey privateKey, X509Certificate certificate) {
    return new SealingKey(id, privateKey, Optional.of(certificate));
  }

  public static SealingKey bare(String id, RSAPrivateKey privateKey) {
    return new SealingKey(id, privateKey, Optional.empty());
  }

  /** When the certificate starts (the epoch for a bare key); the newest key seals. */
  public Instant notBefore() {
    return certificate.map(c -> c.getNotBefore().toInstant()).orElse(Instant.EPOCH);
  }

  @Override
  public String toString() {
    return "SealingKey[" + id + ", notBefore=" + notBefore() + "]";
  }
}
