package dev.bulwark.seal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPrivateKey;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.DERBMPString;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.pkcs.PKCS12PfxPduBuilder;
import org.bouncycastle.pkcs.PKCS12SafeBag;
import org.bouncycastle.pkcs.jcajce.JcaPKCS12SafeBagBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The PKCS#12 key backup: what it writes reads back, and OpenSSL (the reference reader of the
 * format, {@code /usr/bin/openssl} or on PATH) reads it too, and the other way round; a wrong
 * passphrase, any changed byte, or a file without MAC is refused with a message naming the file.
 */
class KeyBackupFileTest {

  private static final char[] PASSPHRASE = "correct horse battery staple".toCharArray();

  /** Few iterations where the test is about structure, not the KDF's cost. */
  private static final int FAST = 1_000;

  @TempDir Path dir;

  private static List<BackedUpKey> twoKeys() {
    return List.of(
        BackedUpKey.active("bulwark-sealing-key-old", TestKeys.rsa2048()),
        BackedUpKey.active("sealed-secrets-keyabcde", TestKeys.other2048()));
  }

  @Test
  void everyKeyReadsBackWithItsNameAndCertificate() throws Exception {
    byte[] file = KeyBackupFile.write(twoKeys(), PASSPHRASE, FAST);

    List<BackedUpKey> read = KeyBackupFile.read(file, "backup.p12", PASSPHRASE);

    assertThat(read)
        .extracting(BackedUpKey::name)
        .containsExactly("bulwark-sealing-key-old", "sealed-secrets-keyabcde");
    for (int i = 0; i < 2; i++) {
      SealingKey original = twoKeys().get(i).key();
      assertThat(read.get(i).key().privateKey().getModulus())
          .isEqualTo(original.privateKey().getModulus());
      assertThat(read.get(i).key().privateKey().getPrivateExponent())
          .isEqualTo(original.privateKey().getPrivateExponent());
      assertThat(read.get(i).key().certificate()).isEqualTo(original.certificate());
      assertThat(read.get(i).compromised()).isFalse();
    }
    assertThat(KeyBackupFile.looksLikePkcs12(file)).isTrue();
  }

  @Test
  void wrongPassphraseIsRefusedNamingTheFile() {
    byte[] file = KeyBackupFile.write(twoKeys(), PASSPHRASE, FAST);

    assertThatThrownBy(
            () ->
                KeyBackupFile.read(
                    file, "backup.p12", "correct horse battery stapler".toCharArray()))
        .isInstanceOf(KeyFormatException.class)
        .hasMessage(
            "backup.p12: wrong passphrase, or the file was changed after it was written (its"
                + " PKCS#12 integrity check failed)");
  }

  /**
   * Whichever byte changes (structure, ciphertext, salt, MAC), the file is refused, not misread.
   */
  @Test
  void everyChangedByteIsRefused() {
    byte[] original = KeyBackupFile.write(twoKeys(), PASSPHRASE, FAST);
    List<Integer> accepted = new ArrayList<>();
    for (int position = 0; position < original.length; position += 7) {
      byte[] tampered = original.clone();
      tampered[position] ^= 0x01;
      try {
        KeyBackupFile.read(tampered, "backup.p12", PASSPHRASE);
        accepted.add(position);
      } catch (KeyFormatException refused) {
        assertThat(refused.getMessage()).startsWith("backup.p12: ");
      } catch (RuntimeException e) {
        fail("byte " + position + " changed: " + e, e);
      }
    }
    assertThat(accepted).as("positions whose change went unnoticed").isEmpty();
  }

  @Test
  void truncatedFileIsRefusedAsNotPkcs12() {
    byte[] original = KeyBackupFile.write(twoKeys(), PASSPHRASE, FAST);
    byte[] truncated = java.util.Arrays.copyOf(original, original.length / 2);

    assertThatThrownBy(() -> KeyBackupFile.read(truncated, "backup.p12", PASSPHRASE))
        .isInstanceOf(KeyFormatException.class)
        .hasMessageStartingWith("backup.p12: not a PKCS#12 file");
  }

  @Test
  void fileWithoutIntegrityMacIsRefused() throws Exception {
    SealingKey key = TestKeys.rsa2048();
    JcaPKCS12SafeBagBuilder keyBag = new JcaPKCS12SafeBagBuilder(key.privateKey());
    keyBag.addBagAttribute(PKCSObjectIdentifiers.pkcs_9_at_friendlyName, new DERBMPString("k"));
    PKCS12SafeBag certBag = new JcaPKCS12SafeBagBuilder(key.certificate().orElseThrow()).build();
    byte[] noMac =
        new PKCS12PfxPduBuilder()
            .addData(keyBag.build())
            .addData(certBag)
            .build(null, PASSPHRASE)
            .getEncoded();

    assertThatThrownBy(() -> KeyBackupFile.read(noMac, "nomac.p12", PASSPHRASE))
        .isInstanceOf(KeyFormatException.class)
        .hasMessageContaining("nomac.p12: the PKCS#12 file has no integrity MAC");
  }

  @Test
  void theFileHoldsNoPlaintextKeyMaterial() {
    byte[] file = KeyBackupFile.write(twoKeys(), PASSPHRASE, FAST);

    for (BackedUpKey entry : twoKeys()) {
      RSAPrivateKey key = entry.key().privateKey();
      assertThat(indexOf(file, key.getEncoded())).as("PKCS#8 encoding").isEqualTo(-1);
      assertThat(indexOf(file, unsigned(key.getPrivateExponent()))).as("exponent").isEqualTo(-1);
      if (key instanceof RSAPrivateCrtKey crt) {
        assertThat(indexOf(file, unsigned(crt.getPrimeP()))).as("prime p").isEqualTo(-1);
      }
    }
    assertThat(new String(file, StandardCharsets.ISO_8859_1)).doesNotContain("PRIVATE KEY");
  }

  /**
   * Differential: OpenSSL lists the backup with the algorithms this class promises and extracts the
   * very keys; a wrong passphrase makes it fail too.
   */
  @Test
  void opensslReadsTheBackupAndFindsTheSameKeys() throws Exception {
    Path backup = dir.resolve("backup.p12");
    Files.write(backup, KeyBackupFile.write(twoKeys(), PASSPHRASE));
    Path passphrase = dir.resolve("passphrase");
    Files.writeString(passphrase, new String(PASSPHRASE) + "\n");

    Run info =
        openssl(
            "pkcs12", "-info", "-noout", "-in", backup.toString(), "-passin", "file:" + passphrase);

    assertThat(info.exit()).as(info.output()).isZero();
    assertThat(info.output())
        .contains("MAC: sha256, Iteration " + KeyBackupFile.ITERATIONS)
        .contains(
            "PBES2, PBKDF2, AES-256-CBC, Iteration "
                + KeyBackupFile.ITERATIONS
                + ", PRF hmacWithSHA256")
        .contains("Shrouded Keybag")
        .contains("Certificate bag");

    Run extracted =
        openssl(
            "pkcs12",
            "-in",
            backup.toString(),
            "-nodes",
            "-nocerts",
            "-passin",
            "file:" + passphrase);
    assertThat(extracted.exit()).as("openssl pkcs12 -nodes failed").isZero();
    List<BigInteger> moduli =
        KeyPem.readPrivateKeys(extracted.output(), "openssl output").stream()
            .map(RSAPrivateKey::getModulus)
            .toList();
    assertThat(moduli)
        .containsExactlyInAnyOrderElementsOf(
            twoKeys().stream().map(k -> k.key().privateKey().getModulus()).toList());
    assertThat(extracted.output()).contains("friendlyName: bulwark-sealing-key-old");

    Files.writeString(passphrase, "not the passphrase\n");
    Run wrong =
        openssl(
            "pkcs12", "-info", "-noout", "-in", backup.toString(), "-passin", "file:" + passphrase);
    assertThat(wrong.exit()).isNotZero();
    assertThat(wrong.output()).containsIgnoringCase("mac verify");
  }

  /** The JDK's own PKCS#12 KeyStore (what keytool uses) sees each key under its Secret's name. */
  @Test
  void theJdksKeyStoreReadsTheBackup() throws Exception {
    byte[] file = KeyBackupFile.write(twoKeys(), PASSPHRASE, FAST);
    java.security.KeyStore store = java.security.KeyStore.getInstance("PKCS12");
    store.load(new java.io.ByteArrayInputStream(file), PASSPHRASE);

    for (BackedUpKey entry : twoKeys()) {
      assertThat(store.isKeyEntry(entry.name())).as(entry.name()).isTrue();
      assertThat(((RSAPrivateKey) store.getKey(entry.name(), PASSPHRASE)).getModulus())
          .isEqualTo(entry.key().privateKey().getModulus());
      assertThat(store.getCertificate(entry.name())).isEqualTo(entry.key().certificate().get());
    }
  }

  /** Differential the other way: a key and certificate OpenSSL exported restore as they are. */
  @Test
  void whatOpensslExportsReadsBack() throws Exception {
    SealingKey key = TestKeys.rsa2048();
    Path keyPem = dir.resolve("tls.key");
    Path certPem = dir.resolve("tls.crt");
    Files.writeString(keyPem, KeyPem.write(key.privateKey()));
    Files.writeString(certPem, KeyPem.write(key.certificate().orElseThrow()));
    String passphrase = "Grüße aus Köln, 2026";
    Path passFile = dir.resolve("passphrase");
    Files.writeString(passFile, passphrase + "\n", StandardCharsets.UTF_8);
    Path exported = dir.resolve("exported.p12");

    Run export =
        openssl(
            "pkcs12",
            "-export",
            "-inkey",
            keyPem.toString(),
            "-in",
            certPem.toString(),
            "-name",
            "sealed-secrets-key-from-openssl",
            "-passout",
            "file:" + passFile,
            "-out",
            exported.toString());
    assertThat(export.exit()).as(export.output()).isZero();

    List<BackedUpKey> read =
        KeyBackupFile.read(Files.readAllBytes(exported), "exported.p12", passphrase.toCharArray());

    assertThat(read).hasSize(1);
    assertThat(read.getFirst().name()).isEqualTo("sealed-secrets-key-from-openssl");
    assertThat(read.getFirst().key().privateKey().getModulus())
        .isEqualTo(key.privateKey().getModulus());
    assertThat(read.getFirst().key().certificate()).isEqualTo(key.certificate());
  }

  /** A non-ASCII passphrase means the same bytes to Bulwark and OpenSSL (UTF-8 and BMPString). */
  @Test
  void opensslOpensABackupUnderANonAsciiPassphrase() throws Exception {
    char[] passphrase = "Grüße aus Köln, 2026".toCharArray();
    Path backup = dir.resolve("unicode.p12");
    Files.write(backup, KeyBackupFile.write(twoKeys().subList(0, 1), passphrase, FAST));
    Path passFile = dir.resolve("passphrase");
    Files.writeString(passFile, new String(passphrase) + "\n", StandardCharsets.UTF_8);

    Run info =
        openssl(
            "pkcs12", "-info", "-noout", "-in", backup.toString(), "-passin", "file:" + passFile);

    assertThat(info.exit()).as(info.output()).isZero();
  }

  private record Run(int exit, String output) {}

  private static Run openssl(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Files.isExecutable(Path.of("/usr/bin/openssl")) ? "/usr/bin/openssl" : "openssl");
    command.addAll(List.of(args));
    Process process;
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new IllegalStateException(
          "openssl is needed as the PKCS#12 reference reader (apt-get install openssl)", e);
    }
    process.getOutputStream().close();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    process.getInputStream().transferTo(out);
    if (!process.waitFor(2, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new IllegalStateException("openssl timed out");
    }
    return new Run(process.exitValue(), out.toString(StandardCharsets.UTF_8));
  }

  private static byte[] unsigned(BigInteger value) {
    byte[] bytes = value.toByteArray();
    return bytes[0] == 0 ? java.util.Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
