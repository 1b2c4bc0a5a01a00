# syntax=docker/dockerfile:1
# The Bulwark operator image: built from source in a JDK stage, run on a jlink'ed JRE of only the
# modules Bulwark needs, on a distroless base with no shell and no package manager, as uid 1001.
#
#   docker build -t bulwark:dev .
#   docker build --build-arg REVISION="$(git rev-parse HEAD)" -t registry.example.com/bulwark:0.1.0 .
#
# Not built in this repository's CI (no container engine there). DockerfileTest checks each
# property above, and scripts/security-pipeline.sh scans this file with checkov and links the same
# runtime from target/bulwark.jar to check that Bulwark starts on it.
#
# Base images are pinned by digest. The digests were not pulled from a registry (none is reachable
# where this file was written): each is the digest that the public repository named beside it pins
# for the same image and tag. Let Renovate or Dependabot (docker ecosystem) keep tag and digest
# fresh together; never edit one without the other.

# Build stage: Eclipse Temurin JDK 21 on Ubuntu 24.04 (curl, binutils for jlink --strip-debug).
# Digest as pinned by GoogleCloudPlatform/microservices-demo, src/adservice/Dockerfile
# (commit 0434be5e, 2025-12-01).
FROM eclipse-temurin:21.0.9_10-jdk-noble@sha256:e2ba4c84f2356d829837f561e171482f5121d75e537e8fe04e91fb4381694641 AS build
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
WORKDIR /src
# Only what the jar is built from (.dockerignore keeps everything else out of the context).
COPY .mvn/ .mvn/
COPY scripts/lib/toolchain.sh scripts/lib/toolchain.sh
COPY pom.xml ./
COPY examples/ examples/
COPY src/main/ src/main/
# The project's Maven (3.9.16, fetched by the toolchain script); tests run in CI, not here.
RUN source scripts/lib/toolchain.sh \
 && find_java \
 && find_maven \
 && "$MVN" -B -ntp -Dmaven.test.skip=true -Dfmt.skip=true -Dcyclonedx.skip=true package
# The JRE: the modules jdeps finds in the shaded jar, plus jdk.crypto.ec, which jdeps cannot see
# because it is loaded as a security provider (SunEC: ECDHE key exchange and ECDSA certificates
# in TLS to the API server).
RUN modules="$(jdeps --multi-release 21 --ignore-missing-deps --print-module-deps target/bulwark.jar),jdk.crypto.ec" \
 && echo "jlink modules: $modules" \
 && jlink --add-modules "$modules" --strip-debug --no-man-pages --no-header-files \
      --compress=zip-6 --generate-cds-archive --output /opt/jre

# Runtime stage: distroless base (glibc, CA certificates, tzdata; no shell, no package manager),
# Debian 13, linux/amd64. Digest as pinned by cert-manager/cert-manager, make/base_images.mk
# (DYNAMIC_BASE_IMAGE_amd64, commit 2d0d7f7f, 2026-08-22), which also lists the other
# architectures' digests.
FROM gcr.io/distroless/base-debian13@sha256:a9fb022501d14a340fa5f5edb4168c2d32f68c8c80ec3520064f5bf4cc0fa51c AS runtime
# Set by the release build; the defaults say only what is known here. The repository states no
# licence and no public source URL yet, hence NOASSERTION (SPDX's word for "not stated").
ARG VERSION=0.1.0-SNAPSHOT
ARG REVISION=unknown
ARG SOURCE=NOASSERTION
ARG LICENSES=NOASSERTION
LABEL org.opencontainers.image.title="Bulwark" \
      org.opencontainers.image.description="Kubernetes security operator: keeps namespaces at a declared security baseline." \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.source="${SOURCE}" \
      org.opencontainers.image.licenses="${LICENSES}" \
      org.opencontainers.image.base.name="gcr.io/distroless/base-debian13"
# Owned by root and not writable by the runtime user; nothing in the image is written at run time.
COPY --from=build /opt/jre /opt/java
COPY --from=build /src/target/bulwark.jar /opt/bulwark/bulwark.jar
# A numeric uid/gid, so the kubelet can check runAsNonRoot; the chart and the kustomize base set the
# same runAsUser/runAsGroup. The root filesystem can be read-only: the JVM writes only to /tmp,
# which the Deployment mounts from an emptyDir.
USER 1001:1001
ENTRYPOINT ["/opt/java/bin/java", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-Djava.io.tmpdir=/tmp", "-jar", "/opt/bulwark/bulwark.jar"]
CMD ["operator"]
