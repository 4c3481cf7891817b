package com.darwin.compute.core.validation;

import com.darwin.compute.core.config.DiskProperties;
import com.darwin.compute.model.cluster.ClusterRequest;
import com.darwin.compute.model.cluster.DiskSetting;
import com.darwin.compute.model.cluster.WorkerNodeConfig;
import com.darwin.compute.model.common.FieldError;
import java.util.List;
import java.util.TreeSet;

/** Disk settings of the head and each worker group: a known disk type, a bounded size. */
final class DiskSettingCheck {

  private final DiskProperties disks;

  DiskSettingCheck(DiskProperties disks) {
    this.disks = disks;
  }

  void check(ClusterRequest request, List<FieldError> errors) {
    if (request.headNodeConfig() != null) {
      checkDisk("head_node_config.disk_setting", request.headNodeConfig().diskSetting(), errors);
    }
    if (request.workerNodeConfigs() != null) {
      for (int i = 0; i < request.workerNodeConfigs().size(); i++) {
        WorkerNodeConfig w = request.workerNodeConfigs().get(i);
        if (w != null) {
          checkDisk("worker_node_configs[" + i + "].disk_setting", w.diskSetting(), errors);
        }
      }
    }
  }

  private void checkDisk(String path, DiskSetting disk, List<FieldError> errors) {
    if (disk == null) {
      return;
    }
    if (disk.diskType() != null && !disks.storageClasses().containsKey(disk.diskType())) {
      errors.add(
          new FieldError(
              path + ".disk_type",
              "must be one of " + new TreeSet<>(disks.storageClasses().keySet())));
    }
    if (disk.storageSize() != null && disk.storageSize() > disks.maxSizeGb()) {
      errors.add(
          new FieldError(path + ".storage_size", "must be at most " + disks.maxSizeGb() + " GB"));
    }
  }
}
