package com.darwin.compute.core.render;

import com.darwin.compute.model.cluster.DiskSetting;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import java.util.Map;

/**
 * {@code disk_setting} as a generic ephemeral volume: one claim of that size and class per pod,
 * created with the pod and deleted with it (the Python service accepted the setting and ignored
 * it).
 */
final class ScratchDisk {

  private ScratchDisk() {}

  static Volume volume(DiskSetting disk, Map<String, String> storageClasses) {
    return new VolumeBuilder()
        .withName(ResourceNames.SCRATCH_VOLUME)
        .withNewEphemeral()
        .withNewVolumeClaimTemplate()
        .withNewSpec()
        .withAccessModes("ReadWriteOnce")
        .withStorageClassName(storageClasses.getOrDefault(disk.diskType(), disk.diskType()))
        .withNewResources()
        .addToRequests("storage", new Quantity(disk.storageSize() + "Gi"))
        .endResources()
        .endSpec()
        .endVolumeClaimTemplate()
        .endEphemeral()
        .build();
  }

  static VolumeMount mount(String mountPath) {
    return new VolumeMountBuilder()
        .withName(ResourceNames.SCRATCH_VOLUME)
        .withMountPath(mountPath)
        .build();
  }
}
