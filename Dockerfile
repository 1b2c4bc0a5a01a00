# Runtime image for the operator: the shaded jar on a JRE 21, as a non-root user.
# Not built or run in this repository's CI (no container engine there); build with
#   ./bulwark --version && docker build -t bulwark:dev .
FROM eclipse-temurin:21-jre
RUN useradd --uid 65532 --no-create-home --shell /usr/sbin/nologin bulwark
COPY target/bulwark.jar /opt/bulwark/bulwark.jar
USER 65532:65532
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/opt/bulwark/bulwark.jar"]
CMD ["operator"]
