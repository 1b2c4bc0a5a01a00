package dev.bulwark.bench;

import dev.bulwark.admission.VulnerabilityPolicy;
import dev.bulwark.api.SecurityBaseline;
import dev.bulwark.api.VulnerabilitiesSpec;
import dev.bulwark.api.VulnerableImage;
import dev.bulwark.api.VulnerableImageAction;
import dev.bulwark.api.VulnerableImageSet;
import dev.bulwark.operator.vulnerabilities.TrivyReports;
import dev.bulwark.policy.vulnerabilities.ScannedImage;
import dev.bulwark.policy.vulnerabilities.VulnerabilitySeverity;
import dev.bulwark.policy.vulnerabilities.VulnerabilityThreshold;
import dev.bulwark.policy.vulnerabilities.VulnerableImages;
import dev.bulwark.testing.TrivyVulnerabilityReports;
import dev.bulwark.testing.TrivyVulnerabilityReports.Vulnerability;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The imageVulnerabilities check at scale, in one JVM: N VulnerabilityReports of 200
 * vulnerabilities each (a tenth of the images with a CRITICAL one) read into the reduced form the
 * informer keeps, the heap that form takes against the reports as JSON, and the time to compute a
 * baseline's vulnerable images and their parameter objects. Prints figures; asserts nothing. Run
 * with bench/p8.sh [reports, default 10000] [least severity kept, default CRITICAL].
 */
public final class VulnerableImagesBenchmark {

  private static final String[] SEVERITIES = {"LOW", "MEDIUM", "HIGH", "UNKNOWN"};

  public static void main(String[] args) {
    int count = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    VulnerabilitySeverity keepFrom =
        args.length > 1 ? VulnerabilitySeverity.valueOf(args[1]) : VulnerabilitySeverity.CRITICAL;
    System.gc();
    long empty = usedHeap();
    List<GenericKubernetesResource> reports = new ArrayList<>();
    long jsonBytes = 0;
    for (int i = 0; i < count; i++) {
      List<Vulnerability> vulnerabilities = new ArrayList<>();
      for (int v = 0; v < 200; v++) {
        String severity = v == 0 && i % 10 == 0 ? "CRITICAL" : SEVERITIES[(i + v) % 4];
        vulnerabilities.add(
            new Vulnerability(
                "CVE-2024-" + (10_000 + (i * 7 + v) % 5_000),
                severity,
                "pkg-" + (v % 120),
                "1." + (v % 30),
                v % 3 == 0 ? "" : "1." + (v % 30 + 1)));
      }
      GenericKubernetesResource report =
          TrivyVulnerabilityReports.report(
              "ns-" + (i % 500),
              "ReplicaSet",
              "app-" + i,
              "app",
              "registry.example.com",
              "team-" + (i % 50) + "/service-" + i,
              "1." + i,
              "sha256:" + String.format("%064x", i),
              vulnerabilities);
      jsonBytes += Serialization.asJson(report).getBytes(StandardCharsets.UTF_8).length;
      reports.add(report);
    }
    System.gc();
    long whole = usedHeap() - empty;
    long start = System.nanoTime();
    List<ScannedImage> images = new ArrayList<>();
    for (GenericKubernetesResource report : reports) {
      images.add(TrivyReports.read(report, keepFrom));
    }
    long readNanos = System.nanoTime() - start;
    reports = null;
    System.gc();
    long reduced = usedHeap() - empty;

    SecurityBaseline baseline = new SecurityBaseline();
    baseline.getMetadata().setName("prod");
    baseline.getMetadata().setUid("uid");
    baseline.setSpec(new dev.bulwark.api.SecurityBaselineSpec());
    VulnerabilitiesSpec spec = new VulnerabilitiesSpec();
    VulnerabilityThreshold threshold = VulnerabilityThreshold.of(spec, Instant.now());
    long[] computeNanos = new long[5];
    List<VulnerableImageSet> shards = List.of();
    for (int round = 0; round < computeNanos.length; round++) {
      long t0 = System.nanoTime();
      Map<String, String> vulnerable = VulnerableImages.of(images, threshold);
      Map<String, VulnerableImage> deny = new TreeMap<>();
      vulnerable.forEach((key, reason) -> deny.put(key, new VulnerableImage(reason, null)));
      shards = VulnerabilityPolicy.shards(baseline, VulnerableImageAction.Deny, deny);
      computeNanos[round] = System.nanoTime() - t0;
    }
    long largest = 0;
    int keys = 0;
    for (VulnerableImageSet shard : shards) {
      largest =
          Math.max(largest, Serialization.asJson(shard).getBytes(StandardCharsets.UTF_8).length);
      keys += shard.getSpec().images.size();
    }
    java.util.Arrays.sort(computeNanos);
    System.out.printf(
        "%d reports of 200 vulnerabilities (%d MB as JSON, %d MB of heap as fabric8 objects):"
            + " read into the check's form in %d ms, which takes %d MB of heap (vulnerabilities"
            + " of %s or more kept)%n",
        images.size(),
        jsonBytes / 1_000_000,
        whole / 1_000_000,
        readNanos / 1_000_000,
        reduced / 1_000_000,
        keepFrom);
    System.out.printf(
        "vulnerable image keys: %d in %d parameter objects (largest %d bytes); computing them"
            + " from the reports: median %d ms of %d rounds%n",
        keys,
        shards.size(),
        largest,
        computeNanos[computeNanos.length / 2] / 1_000_000,
        computeNanos.length);
  }

  private static long usedHeap() {
    Runtime runtime = Runtime.getRuntime();
    return runtime.totalMemory() - runtime.freeMemory();
  }
}
