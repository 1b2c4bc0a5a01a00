package dev.bulwark.policy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Consumer;

/** Pods for tests: upstream's minimal restricted pod, tweaked per case. */
public final class TestPods {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /** Valid at restricted for every version (upstream's minimal valid pod from v1.22 on). */
  public static final String RESTRICTED_POD =
      """
      apiVersion: v1
      kind: Pod
      metadata: {name: app, namespace: team-a}
      spec:
        securityContext:
          runAsNonRoot: true
          seccompProfile: {type: RuntimeDefault}
        initContainers:
        - name: init
          image: registry.example/init:1
          securityContext:
            allowPrivilegeEscalation: false
            capabilities: {drop: [ALL]}
        containers:
        - name: app
          image: registry.example/app:1
          securityContext:
            allowPrivilegeEscalation: false
            capabilities: {drop: [ALL]}
      """;

  private TestPods() {}

  public static Pod restricted(Consumer<Pod> tweak) {
    Pod pod = parse(RESTRICTED_POD, Pod.class);
    tweak.accept(pod);
    return pod;
  }

  public static <T extends HasMetadata> T parse(String yaml, Class<T> type) {
    try {
      return YAML.readValue(yaml, type);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
