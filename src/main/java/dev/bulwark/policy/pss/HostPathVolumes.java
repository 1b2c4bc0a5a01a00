package dev.bulwark.policy.pss;

import static dev.bulwark.policy.pss.PssCheck.Revision.since;

import dev.bulwark.policy.CheckInfo;
import dev.bulwark.policy.FindingSink;
import dev.bulwark.policy.Level;
import dev.bulwark.policy.PodView;
import dev.bulwark.policy.Severity;
import dev.bulwark.policy.Standard;
import io.fabric8.kubernetes.api.model.Volume;
import java.util.List;

/** hostPath volumes expose the node's file system to the pod. */
final class HostPathVolumes {

  static final PssCheck CHECK =
      new PssCheck(
          new CheckInfo(
              PssCheckIds.HOST_PATH_VOLUMES,
              Standard.PSS,
              Level.BASELINE,
              Severity.HIGH,
              "HostPath volumes",
              "Replace hostPath volumes with emptyDir, configMap, secret or a PersistentVolumeClaim.",
              "5.2.12"),
          List.of(since(0, HostPathVolumes::v1_0)));

  private HostPathVolumes() {}

  static void v1_0(PodView pod, CheckInfo check, FindingSink sink) {
    List<Volume> volumes = pod.spec().getVolumes();
    if (volumes == null) {
      return;
    }
    for (int i = 0; i < volumes.size(); i++) {
      Volume volume = volumes.get(i);
      if (volume.getHostPath() != null) {
        sink.add(
            check.finding(
                Messages.reason("hostPath volumes", "volume " + Messages.quote(volume.getName())),
                pod.specPath("volumes[" + i + "].hostPath")));
      }
    }
  }
}
