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

/**
 * Restricted allows only volume types that cannot reach node or network storage directly; it
 * replaces hostPathVolumes at restricted for every version.
 */
final class RestrictedVolumes {

  static final PssCheck CHECK =
      new PssCheck(
          new CheckInfo(
              PssCheckIds.RESTRICTED_VOLUMES,
              Standard.PSS,
              Level.RESTRICTED,
              Severity.MEDIUM,
              "Restricted volume types",
              "Use only configMap, csi, downwardAPI, emptyDir, ephemeral, image,"
                  + " persistentVolumeClaim, projected or secret volumes.",
              null),
          List.of(since(0, RestrictedVolumes::v1_0, PssCheckIds.HOST_PATH_VOLUMES)));

  private RestrictedVolumes() {}

  static void v1_0(PodView pod, CheckInfo check, FindingSink sink) {
    List<Volume> volumes = pod.spec().getVolumes();
    if (volumes == null) {
      return;
    }
    for (int i = 0; i < volumes.size(); i++) {
      Volume volume = volumes.get(i);
      String type = restrictedType(volume);
      if (type == null || allowed(volume)) {
        continue;
      }
      String path = pod.specPath("volumes[" + i + "]");
      sink.add(
          check.finding(
              Messages.reason(
                  "restricted volume types",
                  "volume "
                      + Messages.quote(Messages.orEmpty(volume.getName()))
                      + " uses restricted volume type "
                      + Messages.quote(type)),
              path + "." + type));
    }
  }

  private static boolean allowed(Volume v) {
    return v.getConfigMap() != null
        || v.getCsi() != null
        || v.getDownwardAPI() != null
        || v.getEmptyDir() != null
        || v.getEphemeral() != null
        || v.getImage() != null
        || v.getPersistentVolumeClaim() != null
        || v.getProjected() != null
        || v.getSecret() != null;
  }

  /**
   * The restricted source a volume uses, or null when it names no restricted source: the API server
   * defaults a volume without any source to emptyDir (upstream's fixtures rely on this), and a
   * source unknown to this model is dropped as an unknown field before that defaulting.
   */
  private static String restrictedType(Volume v) {
    if (v.getHostPath() != null) {
      return "hostPath";
    } else if (v.getGcePersistentDisk() != null) {
      return "gcePersistentDisk";
    } else if (v.getAwsElasticBlockStore() != null) {
      return "awsElasticBlockStore";
    } else if (v.getGitRepo() != null) {
      return "gitRepo";
    } else if (v.getNfs() != null) {
      return "nfs";
    } else if (v.getIscsi() != null) {
      return "iscsi";
    } else if (v.getGlusterfs() != null) {
      return "glusterfs";
    } else if (v.getRbd() != null) {
      return "rbd";
    } else if (v.getFlexVolume() != null) {
      return "flexVolume";
    } else if (v.getCinder() != null) {
      return "cinder";
    } else if (v.getCephfs() != null) {
      return "cephfs";
    } else if (v.getFlocker() != null) {
      return "flocker";
    } else if (v.getFc() != null) {
      return "fc";
    } else if (v.getAzureFile() != null) {
      return "azureFile";
    } else if (v.getVsphereVolume() != null) {
      return "vsphereVolume";
    } else if (v.getQuobyte() != null) {
      return "quobyte";
    } else if (v.getAzureDisk() != null) {
      return "azureDisk";
    } else if (v.getPhotonPersistentDisk() != null) {
      return "photonPersistentDisk";
    } else if (v.getPortworxVolume() != null) {
      return "portworxVolume";
    } else if (v.getScaleIO() != null) {
      return "scaleIO";
    } else if (v.getStorageos() != null) {
      return "storageos";
    }
    return null;
  }
}
