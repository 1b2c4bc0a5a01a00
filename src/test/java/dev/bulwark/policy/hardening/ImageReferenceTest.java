package dev.bulwark.policy.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.policy.EngineConfig;
import dev.bulwark.policy.Finding;
import dev.bulwark.policy.Level;
import dev.bulwark.policy.PolicyEngine;
import dev.bulwark.policy.PolicyVersion;
import dev.bulwark.policy.TestPods;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Image references read as kubelet reads them (github.com/distribution/reference), and the
 * allowedRegistries and imageDigest checks on top. {@code ImageReferenceDifferentialTest} compares
 * the parser with the Go one on thousands of generated references; these are the named cases.
 */
class ImageReferenceTest {

  private static final String DIGEST =
      "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

  @ParameterizedTest
  @CsvSource({
    "nginx, docker.io, library/nginx",
    "nginx:1.27, docker.io, library/nginx",
    "acme/web:1, docker.io, acme/web",
    "docker.io/nginx, docker.io, library/nginx",
    "index.docker.io/library/nginx, docker.io, library/nginx",
    "index.docker.io/nginx, docker.io, library/nginx",
    "ghcr.io/acme/web:1, ghcr.io, acme/web",
    "localhost:5000/web, localhost:5000, web",
    "localhost/web, localhost, web",
    "Internal/app, Internal, app",
    "docker.io.evil.com/nginx, docker.io.evil.com, nginx",
    "[::1]:5000/app, '[::1]:5000', app",
    "my_reg.io/app, '', my_reg.io/app"
  })
  void referencesSplitAsTheRuntimeSplitsThem(String image, String domain, String path) {
    assertThat(ImageReference.parse(image))
        .get()
        .extracting(ImageReference::domain, ImageReference::path)
        .containsExactly(domain, path);
  }

  @Test
  void tagAndDigestAreKeptApart() {
    assertThat(ImageReference.parse("ghcr.io/acme/web:1.2@" + DIGEST))
        .contains(new ImageReference("ghcr.io", "acme/web", "1.2", DIGEST));
    assertThat(ImageReference.parse("localhost:5000/web@" + DIGEST))
        .contains(new ImageReference("localhost:5000", "web", null, DIGEST));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "NGINX",
        "Internal/App",
        "ghcr.io/acme/web@sha256:abc",
        "ghcr.io/acme/web@md5:0123456789abcdef0123456789abcdef",
        "ghcr.io/acme/web@SHA256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
        "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
        "ghcr.io/acme//web",
        "ghcr.io/acme/web:",
        "-ghcr.io/web",
        " nginx",
        "nginx:a:b"
      })
  void invalidReferencesAreRefused(String image) {
    assertThat(ImageReference.parse(image)).isEmpty();
  }

  @Test
  void longHostileReferencesAreRefusedWithoutBacktrackingForever() {
    String hostile = "a".repeat(50_000) + "-".repeat(50_000) + "!";
    assertThat(ImageReference.parse(hostile + "/app")).isEmpty();
    assertThat(ImageReference.parse("x/" + "a-".repeat(50_000) + "!")).isEmpty();
  }

  private static List<String> checks(List<String> allowed, String image) {
    PolicyEngine engine =
        new PolicyEngine(
            EngineConfig.podSecurityOnly(Level.PRIVILEGED, PolicyVersion.LATEST)
                .withBulwarkChecks(
                    Set.of(HardeningCheckIds.ALLOWED_REGISTRIES, HardeningCheckIds.IMAGE_DIGEST))
                .withAllowedRegistries(allowed));
    String pod =
        """
        apiVersion: v1
        kind: Pod
        metadata: {name: p, namespace: ns}
        spec:
          containers:
          - name: app
            image: "%s"
        """
            .formatted(image);
    return engine.evaluate(TestPods.parse(pod, Pod.class)).stream().map(Finding::check).toList();
  }

  @Test
  void indexDockerIoIsDockerHub() {
    assertThat(checks(List.of("docker.io"), "index.docker.io/library/nginx@" + DIGEST)).isEmpty();
    assertThat(checks(List.of("docker.io/library"), "index.docker.io/nginx@" + DIGEST)).isEmpty();
    assertThat(checks(List.of("index.docker.io"), "nginx@" + DIGEST)).isEmpty();
  }

  @Test
  void upperCaseFirstComponentIsARegistryNotDockerHub() {
    assertThat(checks(List.of("docker.io"), "Internal/app@" + DIGEST))
        .containsExactly(HardeningCheckIds.ALLOWED_REGISTRIES);
    assertThat(checks(List.of("Internal"), "Internal/app@" + DIGEST)).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({
    "registry.io, registry.io.evil.com/app",
    "ghcr.io/acme, ghcr.io/acme-evil/app",
    "ghcr.io/acme, ghcr.io/acmecorp/app",
    "docker.io, docker.io.evil.com/nginx",
    "ghcr.io, GHCR.IO/acme/app",
    "registry.example.com, registry.example.com:5000/app",
    "localhost, localhost:5000/app",
    "docker.io, my_reg.io/app",
    "docker.io/library, acme/nginx",
  })
  void hostileReferencesAreNotFromTheAllowedRegistry(String allowed, String image) {
    assertThat(checks(List.of(allowed), image + "@" + DIGEST))
        .containsExactly(HardeningCheckIds.ALLOWED_REGISTRIES);
  }

  @ParameterizedTest
  @CsvSource({
    "ghcr.io/acme, ghcr.io/acme/app",
    "ghcr.io/acme/, ghcr.io/acme/team/app:1",
    "registry.example.com:5000, registry.example.com:5000/app",
    "docker.io/library, nginx:1.27",
    "docker.io/bitnami, bitnami/redis",
  })
  void referencesUnderAnAllowedEntryPass(String allowed, String image) {
    assertThat(checks(List.of(allowed), image + "@" + DIGEST)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "ghcr.io/acme/app",
        "ghcr.io/acme/app:1.2",
        "ghcr.io/acme/app@sha256:abc",
        "ghcr.io/acme/app:sha256",
        "ghcr.io/acme/APP@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
      })
  void onlyAValidDigestPins(String image) {
    assertThat(checks(List.of("ghcr.io"), image)).contains(HardeningCheckIds.IMAGE_DIGEST);
  }

  @Test
  void aTagBesideTheDigestStillPins() {
    assertThat(checks(List.of("ghcr.io"), "ghcr.io/acme/app:1.2@" + DIGEST)).isEmpty();
    String sha512 = "sha512:" + "ab".repeat(64);
    assertThat(checks(List.of("ghcr.io"), "ghcr.io/acme/app@" + sha512)).isEmpty();
  }
}
