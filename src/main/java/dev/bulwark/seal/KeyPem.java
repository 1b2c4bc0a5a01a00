package dev.bulwark.seal;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateKey;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;

/** PEM in and out: private keys as PKCS#1 or PKCS#8, certificates as X.509. */
public final class KeyPem {

  private KeyPem() {}

  /** Every RSA private key in a PEM text; throws naming {@code source} when there is none. */
  public static List<RSAPrivateKey> readPrivateKeys(String pem, String source)
      throws KeyFormatException {
    List<RSAPrivateKey> keys = new ArrayList<>();
    JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
        PrivateKey key =
            switch (object) {
              case PEMKeyPair pair -> converter.getPrivateKey(pair.getPrivateKeyInfo());
              case PrivateKeyInfo info -> converter.getPrivateKey(info);
              default -> null;
            };
        if (key instanceof RSAPrivateKey rsa) {
          keys.add(rsa);
        } else if (key != null) {
          throw new KeyFormatException(
              source + ": not an RSA private key (" + key.getAlgorithm() + ")");
        }
      }
    } catch (IOException e) {
      throw new KeyFormatException(source + ": not a PEM private key (" + e.getMessage() + ")");
    }
    if (keys.isEmpty()) {
      throw new KeyFormatException(source + ": no PEM private key found");
    }
    return keys;
  }

  /** The first X.509 certificate in a PEM text. */
  public static X509Certificate readCertificate(String pem, String source)
      throws KeyFormatException {
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
        if (object instanceof X509CertificateHolder holder) {
          return new JcaX509CertificateConverter().getCertificate(holder);
        }
      }
    } catch (IOException | CertificateException e) {
      throw new KeyFormatException(source + ": not a PEM certificate (" + e.getMessage() + ")");
    }
    throw new KeyFormatException(source + ": no PEM certificate found");
  }

  /** PEM of a key (PKCS#1 for RSA, as Bitnami writes it) or a certificate. */
  public static String write(Object keyOrCertificate) {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(keyOrCertificate);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }
}
