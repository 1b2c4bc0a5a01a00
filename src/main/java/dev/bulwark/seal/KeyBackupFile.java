package dev.bulwark.seal;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERBMPString;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.Attribute;
import org.bouncycastle.asn1.pkcs.ContentInfo;
import org.bouncycastle.asn1.pkcs.EncryptedData;
import org.bouncycastle.asn1.pkcs.MacData;
import org.bouncycastle.asn1.pkcs.PBES2Parameters;
import org.bouncycastle.asn1.pkcs.PBKDF2Params;
import org.bouncycastle.asn1.pkcs.PKCS12PBEParams;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.operator.InputDecryptorProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.OutputEncryptor;
import org.bouncycastle.operator.bc.BcDefaultDigestProvider;
import org.bouncycastle.pkcs.PKCS12PfxPdu;
import org.bouncycastle.pkcs.PKCS12PfxPduBuilder;
import org.bouncycastle.pkcs.PKCS12SafeBag;
import org.bouncycastle.pkcs.PKCS12SafeBagFactory;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.bc.BcPKCS12MacCalculatorBuilderProvider;
import org.bouncycastle.pkcs.jcajce.JcaPKCS12SafeBagBuilder;
import org.bouncycastle.pkcs.jcajce.JcePKCS12MacCalculatorBuilder;
import org.bouncycastle.pkcs.jcajce.JcePKCSPBEInputDecryptorProviderBuilder;
import org.bouncycastle.pkcs.jcajce.JcePKCSPBEOutputEncryptorBuilder;

/**
 * Sealing keys in a passphrase-protected PKCS#12 file (RFC 7292), the key store format OpenSSL,
 * keytool and every TLS stack read ({@code openssl pkcs12 -info -in FILE} lists it).
 *
 * <p>Layout, as OpenSSL 3 writes it by default but with a stronger KDF: each private key is a
 * PKCS#8 shrouded key bag encrypted with PBES2 (PBKDF2-HMAC-SHA256, {@value #ITERATIONS}
 * iterations, a random salt each, AES-256-CBC); the certificates sit in one PBES2-encrypted
 * SafeContents; key and certificate share a {@code localKeyId} (SHA-256 of the public key) and a
 * {@code friendlyName} (the key Secret's name). An HMAC-SHA256 over everything (PKCS#12 KDF,
 * {@value #ITERATIONS} iterations) detects a wrong passphrase or any changed byte before a key is
 * decrypted. Everything happens in memory: nothing here writes a file.
 *
 * <p>Reading accepts any PKCS#12 file with an integrity MAC, RSA keys and their certificates
 * ({@code openssl pkcs12 -export} output too); errors name the source and never quote key material.
 */
public final class KeyBackupFile {

  /**
   * PBKDF2-HMAC-SHA256 iterations, OWASP's 2023 figure for that PRF; the MAC's PKCS#12 KDF uses the
   * same count, so that guessing the passphrase costs as much through either.
   */
  public static final int ITERATIONS = 600_000;

  /** A file asking for more iterations than this is refused rather than computed for hours. */
  static final int MAX_ITERATIONS = 10_000_000;

  /** BouncyCastle's provider, not registered globally: PBES2 with an HMAC-SHA256 PRF needs it. */
  private static final Provider BC = new BouncyCastleProvider();

  private KeyBackupFile() {}

  /**
   * Whether {@code content} starts as a DER PKCS#12 file does (a SEQUENCE with a long-form length),
   * which no YAML or JSON text does.
   */
  public static boolean looksLikePkcs12(byte[] content) {
    return content.length > 1 && content[0] == 0x30 && (content[1] & 0x80) != 0;
  }

  /** The PKCS#12 encoding (DER) of {@code keys}, each with its certificate. */
  public static byte[] write(List<BackedUpKey> keys, char[] passphrase) {
    return write(keys, passphrase, ITERATIONS);
  }

  /** As {@link #write(List, char[])} with another iteration count (tests). */
  static byte[] write(List<BackedUpKey> keys, char[] passphrase, int iterations) {
    try {
      PKCS12PfxPduBuilder pfx = new PKCS12PfxPduBuilder();
      List<PKCS12SafeBag> certificates = new ArrayList<>();
      List<PKCS12SafeBag> privateKeys = new ArrayList<>();
      for (BackedUpKey entry : keys) {
        X509Certificate certificate =
            entry
                .key()
                .certificate()
                .orElseThrow(
                    () ->
                        new IllegalArgumentException(
                            "key " + entry.name() + " has no certificate to back up"));
        DERBMPString friendlyName = new DERBMPString(entry.name());
        DEROctetString localKeyId = new DEROctetString(localKeyId(certificate));
        JcaPKCS12SafeBagBuilder certBag = new JcaPKCS12SafeBagBuilder(certificate);
        certBag.addBagAttribute(PKCSObjectIdentifiers.pkcs_9_at_friendlyName, friendlyName);
        certBag.addBagAttribute(PKCSObjectIdentifiers.pkcs_9_at_localKeyId, localKeyId);
        certificates.add(certBag.build());
        // One encryptor per key: each gets its own salt and IV.
        JcaPKCS12SafeBagBuilder keyBag =
            new JcaPKCS12SafeBagBuilder(
                entry.key().privateKey(), encryptor(passphrase, iterations));
        keyBag.addBagAttribute(PKCSObjectIdentifiers.pkcs_9_at_friendlyName, friendlyName);
        keyBag.addBagAttribute(PKCSObjectIdentifiers.pkcs_9_at_localKeyId, localKeyId);
        privateKeys.add(keyBag.build());
      }
      pfx.addEncryptedData(
          encryptor(passphrase, iterations), certificates.toArray(PKCS12SafeBag[]::new));
      for (PKCS12SafeBag keyBag : privateKeys) {
        pfx.addData(keyBag);
      }
      PKCS12PfxPdu pdu =
          pfx.build(
              new JcePKCS12MacCalculatorBuilder(NISTObjectIdentifiers.id_sha256)
                  .setProvider(BC)
                  .setIterationCount(iterations),
              passphrase);
      return pdu.getEncoded(ASN1Encoding.DER);
    } catch (IOException | PKCSException | OperatorCreationException | GeneralSecurityException e) {
      // BouncyCastle's messages name algorithms, never key material.
      throw new IllegalStateException("cannot write the PKCS#12 backup: " + e.getMessage(), e);
    }
  }

  /**
   * The keys in a PKCS#12 file, each paired with its certificate (by public key).
   *
   * @param source the file's name, for messages
   * @throws KeyFormatException naming {@code source} when the file is not PKCS#12, has no integrity
   *     MAC, the passphrase is wrong or a byte was changed, or a key is not RSA or lacks its
   *     certificate
   */
  public static List<BackedUpKey> read(byte[] content, String source, char[] passphrase)
      throws KeyFormatException {
    PKCS12PfxPdu pfx;
    ContentInfo[] contents;
    try {
      pfx = new PKCS12PfxPdu(content);
      // Password integrity mode: the MAC covers the data's octets, not this type, so check it.
      if (!pfx.toASN1Structure()
          .getAuthSafe()
          .getContentType()
          .equals(PKCSObjectIdentifiers.data)) {
        throw new IOException("its content is not of type data (public-key integrity mode?)");
      }
      contents = pfx.getContentInfos();
    } catch (IOException | RuntimeException e) {
      throw new KeyFormatException(
          source + ": not a PKCS#12 file (" + e.getMessage() + "); truncated or not a key backup?");
    }
    verifyMac(pfx, source, passphrase);
    InputDecryptorProvider decryptor =
        new JcePKCSPBEInputDecryptorProviderBuilder().setProvider(BC).build(passphrase);
    List<X509Certificate> certificates = new ArrayList<>();
    List<NamedKey> keys = new ArrayList<>();
    for (ContentInfo info : contents) {
      for (PKCS12SafeBag bag : bags(info, decryptor, source)) {
        ASN1ObjectIdentifier type = bag.getType();
        if (type.equals(PKCSObjectIdentifiers.certBag)) {
          certificates.add(certificate(bag, source));
        } else if (type.equals(PKCSObjectIdentifiers.pkcs8ShroudedKeyBag)) {
          PKCS8EncryptedPrivateKeyInfo encrypted = (PKCS8EncryptedPrivateKeyInfo) bag.getBagValue();
          checkCost(encrypted.getEncryptionAlgorithm(), source);
          try {
            keys.add(
                new NamedKey(
                    friendlyName(bag),
                    rsa(encrypted.decryptPrivateKeyInfo(decryptor), source, keys.size())));
          } catch (PKCSException e) {
            throw new KeyFormatException(
                source
                    + ": cannot decrypt private key "
                    + (keys.size() + 1)
                    + " (wrong passphrase)");
          }
        } else if (type.equals(PKCSObjectIdentifiers.keyBag)) {
          keys.add(
              new NamedKey(
                  friendlyName(bag), rsa((PrivateKeyInfo) bag.getBagValue(), source, keys.size())));
        }
        // CRL and secret bags hold no sealing key: nothing to restore from them.
      }
    }
    if (keys.isEmpty()) {
      throw new KeyFormatException(source + ": no private key in it");
    }
    List<BackedUpKey> result = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      NamedKey named = keys.get(i);
      String name = named.name() == null ? "key-" + (i + 1) : named.name();
      X509Certificate certificate =
          certificates.stream()
              .filter(
                  c ->
                      c.getPublicKey() instanceof RSAPublicKey rsa
                          && rsa.getModulus().equals(named.key().getModulus()))
              .findFirst()
              .orElseThrow(
                  () ->
                      new KeyFormatException(
                          source
                              + ": private key \""
                              + name
                              + "\" has no certificate in the file (a restored key needs its"
                              + " certificate to seal)"));
      result.add(
          BackedUpKey.active(
              name, SealingKey.withCertificate(source + "#" + name, named.key(), certificate)));
    }
    return result;
  }

  private static void verifyMac(PKCS12PfxPdu pfx, String source, char[] passphrase)
      throws KeyFormatException {
    MacData mac = pfx.toASN1Structure().getMacData();
    if (mac == null) {
      throw new KeyFormatException(
          source
              + ": the PKCS#12 file has no integrity MAC, so a changed byte could not be detected;"
              + " refusing it (re-export it with a MAC)");
    }
    if (mac.getIterationCount().compareTo(BigInteger.valueOf(MAX_ITERATIONS)) > 0) {
      throw tooCostly(source, mac.getIterationCount());
    }
    boolean valid;
    try {
      valid =
          pfx.isMacValid(
              new BcPKCS12MacCalculatorBuilderProvider(BcDefaultDigestProvider.INSTANCE),
              passphrase);
    } catch (PKCSException | RuntimeException e) {
      throw new KeyFormatException(
          source
              + ": cannot check its integrity MAC ("
              + mac.getMac().getAlgorithmId().getAlgorithm()
              + " not supported)");
    }
    if (!valid) {
      throw new KeyFormatException(
          source
              + ": wrong passphrase, or the file was changed after it was written (its PKCS#12"
              + " integrity check failed)");
    }
  }

  private static PKCS12SafeBag[] bags(
      ContentInfo info, InputDecryptorProvider decryptor, String source) throws KeyFormatException {
    ASN1ObjectIdentifier type = info.getContentType();
    try {
      if (type.equals(PKCSObjectIdentifiers.data)) {
        return new PKCS12SafeBagFactory(info).getSafeBags();
      }
      if (type.equals(PKCSObjectIdentifiers.encryptedData)) {
        checkCost(EncryptedData.getInstance(info.getContent()).getEncryptionAlgorithm(), source);
        return new PKCS12SafeBagFactory(info, decryptor).getSafeBags();
      }
    } catch (PKCSException e) {
      throw new KeyFormatException(source + ": cannot decrypt its certificates (wrong passphrase)");
    } catch (RuntimeException e) {
      // Decrypted content is not quoted: it could hold key material.
      throw new KeyFormatException(source + ": malformed PKCS#12 content");
    }
    throw new KeyFormatException(
        source
            + ": PKCS#12 content of type "
            + type
            + " is not supported (only password privacy: data and encryptedData)");
  }

  private static X509Certificate certificate(PKCS12SafeBag bag, String source)
      throws KeyFormatException {
    try {
      return new JcaX509CertificateConverter()
          .getCertificate((X509CertificateHolder) bag.getBagValue());
    } catch (CertificateException | RuntimeException e) {
      throw new KeyFormatException(
          source + ": a certificate bag does not hold an X.509 certificate");
    }
  }

  private static RSAPrivateKey rsa(PrivateKeyInfo info, String source, int index)
      throws KeyFormatException {
    PrivateKey key;
    try {
      key = new JcaPEMKeyConverter().getPrivateKey(info);
    } catch (IOException | RuntimeException e) {
      throw new KeyFormatException(source + ": private key " + (index + 1) + " is malformed");
    }
    if (key instanceof RSAPrivateKey rsa) {
      return rsa;
    }
    throw new KeyFormatException(
        source + ": private key " + (index + 1) + " is not RSA (" + key.getAlgorithm() + ")");
  }

  private static String friendlyName(PKCS12SafeBag bag) {
    Attribute[] attributes = bag.getAttributes();
    if (attributes == null) {
      return null;
    }
    for (Attribute attribute : attributes) {
      if (attribute.getAttrType().equals(PKCSObjectIdentifiers.pkcs_9_at_friendlyName)
          && attribute.getAttrValues().size() > 0) {
        ASN1Encodable value = attribute.getAttrValues().getObjectAt(0);
        return value instanceof DERBMPString bmp ? bmp.getString() : value.toString();
      }
    }
    return null;
  }

  /** Refuses a KDF asking for so many iterations that reading would take hours. */
  private static void checkCost(AlgorithmIdentifier algorithm, String source)
      throws KeyFormatException {
    BigInteger iterations = null;
    try {
      if (algorithm.getAlgorithm().equals(PKCSObjectIdentifiers.id_PBES2)) {
        PBES2Parameters parameters = PBES2Parameters.getInstance(algorithm.getParameters());
        if (parameters
            .getKeyDerivationFunc()
            .getAlgorithm()
            .equals(PKCSObjectIdentifiers.id_PBKDF2)) {
          iterations =
              PBKDF2Params.getInstance(parameters.getKeyDerivationFunc().getParameters())
                  .getIterationCount();
        }
      } else if (algorithm.getAlgorithm().on(PKCSObjectIdentifiers.pkcs_12PbeIds)) {
        iterations = PKCS12PBEParams.getInstance(algorithm.getParameters()).getIterations();
      }
    } catch (RuntimeException e) {
      throw new KeyFormatException(source + ": malformed encryption parameters");
    }
    if (iterations != null && iterations.compareTo(BigInteger.valueOf(MAX_ITERATIONS)) > 0) {
      throw tooCostly(source, iterations);
    }
  }

  private static KeyFormatException tooCostly(String source, BigInteger iterations) {
    return new KeyFormatException(
        source
            + ": asks for "
            + iterations
            + " KDF iterations, more than the "
            + MAX_ITERATIONS
            + " Bulwark computes");
  }

  private static OutputEncryptor encryptor(char[] passphrase, int iterations)
      throws OperatorCreationException {
    return new JcePKCSPBEOutputEncryptorBuilder(NISTObjectIdentifiers.id_aes256_CBC)
        .setProvider(BC)
        .setPRF(new AlgorithmIdentifier(PKCSObjectIdentifiers.id_hmacWithSHA256, DERNull.INSTANCE))
        .setIterationCount(iterations)
        .build(passphrase);
  }

  private static byte[] localKeyId(X509Certificate certificate) throws GeneralSecurityException {
    return MessageDigest.getInstance("SHA-256").digest(certificate.getPublicKey().getEncoded());
  }

  /** A private key read from a bag, with the bag's friendlyName (or null). */
  private record NamedKey(String name, RSAPrivateKey key) {}
}
