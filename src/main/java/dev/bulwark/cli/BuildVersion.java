package dev.bulwark.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** Reports the version stamped into the jar at build time, for {@code --version}. */
public final class BuildVersion implements IVersionProvider {

  private static final String RESOURCE = "/dev/bulwark/build.properties";

  @Override
  public String[] getVersion() {
    Properties build = load();
    return new String[] {
      "bulwark " + build.getProperty("version", "unknown"),
      "local control plane: Kubernetes v" + build.getProperty("kubernetes", "unknown"),
      "JVM: ${java.version} (${java.vendor} ${java.vm.name})"
    };
  }

  /** Bulwark's own version, for reports. */
  public static String version() {
    return load().getProperty("version", "unknown");
  }

  /** Kubernetes version of the local control plane this build was tested against. */
  public static String kubernetesVersion() {
    return load().getProperty("kubernetes");
  }

  private static Properties load() {
    Properties properties = new Properties();
    try (InputStream in = BuildVersion.class.getResourceAsStream(RESOURCE)) {
      if (in != null) {
        properties.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
    return properties;
  }
}
