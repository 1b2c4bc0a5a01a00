package dev.bulwark.seal;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Makes a fresh RSA key pair with a self-signed certificate, as Bitnami's controller does. */
public final class SealingKeyGenerator {

  /** Bitnami's default key size. */
  public static final int DEFAULT_KEY_BITS = 4096;

  /** Certificates outlive rotation by far; the date only orders keys. Bitnami uses ten years. */
  static final Duration VALIDITY = Duration.ofDays(3650);

  static final String COMMON_NAME = "bulwark-sealed-secrets";

  private final int keyBits;
  private final Clock clock;
  private final SecureRandom random;

  public SealingKeyGenerator(int keyBits, Clock clock, SecureRandom random) {
    this.keyBits = keyBits;
    this.clock = clock;
    this.random = random;
  }

  public SealingKeyGenerator() {
    this(DEFAULT_KEY_BITS, Clock.systemUTC(), new SecureRandom());
  }

  /** A new key whose certificate starts now. */
  public SealingKey generate(String id) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(keyBits, random);
      KeyPair pair = generator.generateKeyPair();
      Instant notBefore = clock.instant();
      X500Name name = new X500Name("CN=" + COMMON_NAME);
      JcaX509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
              name,
              new BigInteger(128, random),
              Date.from(notBefore),
              Date.from(notBefore.plus(VALIDITY)),
              name,
              pair.getPublic());
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
      builder.addExtension(
          Extension.keyUsage, true, new KeyUsage(KeyUsage.keyEncipherment | KeyUsage.keyCertSign));
      X509Certificate certificate =
          new JcaX509CertificateConverter()
              .getCertificate(
                  builder.build(
                      new JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate())));
      return SealingKey.withCertificate(id, (RSAPrivateKey) pair.getPrivate(), certificate);
    } catch (GeneralSecurityException | OperatorCreationException | CertIOException e) {
      throw new IllegalStateException("cannot generate a sealing key: " + e.getMessage(), e);
    }
  }
}
