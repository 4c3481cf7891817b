package com.darwin.compute.core.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The operators' {@code /cluster-config} settings as the create path reads them.
 *
 * @param lookupCacheTtl how long a setting a create reads (the default targets {@code cloud_env}
 *     and {@code cloud_env_job}) is used without asking MySQL again; a write on this replica is
 *     seen at once, another replica's after this (zero: no cache)
 */
@ConfigurationProperties("compute.cluster-config")
public record ClusterConfigProperties(@DefaultValue("30s") Duration lookupCacheTtl) {

  public ClusterConfigProperties {
    lookupCacheTtl = lookupCacheTtl == null ? Duration.ofSeconds(30) : lookupCacheTtl;
  }
}
