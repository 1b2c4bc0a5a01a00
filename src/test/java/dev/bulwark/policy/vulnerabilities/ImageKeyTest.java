package dev.bulwark.policy.vulnerabilities;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The keys images are matched by: a digest when the reference has one, else the normalised {@code
 * registry/repository:tag}. The same cases run against the policy's CEL on the API server in {@code
 * VulnerableImagesIT}.
 */
class ImageKeyTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "nginx, docker.io/library/nginx:latest",
    "nginx:1.16, docker.io/library/nginx:1.16",
    "library/nginx:1.16, docker.io/library/nginx:1.16",
    "docker.io/nginx:1.16, docker.io/library/nginx:1.16",
    "docker.io/library/nginx:1.16, docker.io/library/nginx:1.16",
    "index.docker.io/library/nginx:1.16, docker.io/library/nginx:1.16",
    "index.docker.io/nginx:1.16, docker.io/library/nginx:1.16",
    "bitnami/redis:7, docker.io/bitnami/redis:7",
    "ghcr.io/acme/app:v1, ghcr.io/acme/app:v1",
    "ghcr.io/acme/app, ghcr.io/acme/app:latest",
    "localhost/app:1, localhost/app:1",
    "localhost:5000/team/app:1, localhost:5000/team/app:1",
    "registry.example.com:5000/app, registry.example.com:5000/app:latest",
    "nginx@sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa, sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
    "ghcr.io/acme/app:v1@sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa, sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
    "Registry.Example/app:1, Registry.Example/app:1",
  })
  void keyOfAnImageReference(String image, String key) {
    assertThat(ImageKey.ofImage(image)).contains(key);
  }

  @Test
  void noKeyWithoutAnImageOrForOneTheRuntimeRefuses() {
    assertThat(ImageKey.ofImage(null)).isEqualTo(Optional.empty());
    assertThat(ImageKey.ofImage(" ")).isEmpty();
    assertThat(ImageKey.ofImage("nginx@sha256:abc")).as("a digest too short").isEmpty();
    assertThat(ImageKey.ofImage("Nginx:1")).as("an upper-case repository").isEmpty();
  }

  @Test
  void anArtifactIsKnownByItsDigestAndByItsTaggedReference() {
    String digest = "sha256:" + "b".repeat(64);
    assertThat(ImageKey.ofArtifact("index.docker.io", "library/nginx", "1.16", digest))
        .containsExactly(digest, "docker.io/library/nginx:1.16");
    assertThat(ImageKey.ofArtifact("ghcr.io", "acme/app", null, digest))
        .as("a digest alone: no tag key (it would claim :latest)")
        .containsExactly(digest);
    assertThat(ImageKey.ofArtifact("ghcr.io", "acme/app", "", ""))
        .containsExactly("ghcr.io/acme/app:latest");
    assertThat(ImageKey.ofArtifact("", "nginx", "1.16", null))
        .as("no server: Docker Hub")
        .containsExactly("docker.io/library/nginx:1.16");
    assertThat(ImageKey.ofArtifact("ghcr.io", "", "1", null)).isEmpty();
  }
}
