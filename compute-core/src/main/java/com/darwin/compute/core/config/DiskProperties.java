package com.darwin.compute.core.config;

import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Scratch disks ({@code disk_setting}): each pod of the group gets an ephemeral volume of the
 * requested size, of the StorageClass its {@code disk_type} maps to.
 *
 * @param storageClasses disk types users may ask for, and their StorageClass
 * @param maxSizeGb largest {@code storage_size} accepted
 */
@ConfigurationProperties("compute.disks")
public record DiskProperties(
    Map<String, String> storageClasses,
    @DefaultValue("/tmp/disk") String mountPath,
    @DefaultValue("2000") int maxSizeGb) {

  public DiskProperties {
    storageClasses = storageClasses == null ? Map.of("gp2", "gp2") : Map.copyOf(storageClasses);
  }
}
