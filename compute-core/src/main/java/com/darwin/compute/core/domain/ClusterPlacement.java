package com.darwin.compute.core.domain;

import com.darwin.compute.core.kube.KubernetesTargets;
import com.darwin.compute.core.settings.ClusterSettingLookups;
import com.darwin.compute.model.cluster.ClusterRequest;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Chooses the Kubernetes target ({@code cloud_env}) of a cluster: the request's {@code cloud_env},
 * else a tag naming a target (the Python service's convention), else the default target. The
 * default can be changed at run time, as in the Python service, by the {@code /cluster-config} keys
 * {@code cloud_env} (and {@code cloud_env_job} for job clusters) when they name a target.
 */
@Component
public class ClusterPlacement {

  /** The {@code /cluster-config} keys of the default targets. */
  public static final String DEFAULT_TARGET_KEY = "cloud_env";

  public static final String DEFAULT_JOB_TARGET_KEY = "cloud_env_job";

  private static final Logger log = LoggerFactory.getLogger(ClusterPlacement.class);

  private final KubernetesTargets targets;
  private final ClusterSettingLookups settings;

  /** Without run-time settings: the configured default target only. */
  public ClusterPlacement(KubernetesTargets targets) {
    this(targets, null);
  }

  @Autowired
  public ClusterPlacement(KubernetesTargets targets, ClusterSettingLookups settings) {
    this.targets = targets;
    this.settings = settings;
  }

  /** The target name, or empty when the request names an unknown one. */
  public Optional<String> resolve(ClusterRequest request) {
    if (request.cloudEnv() != null && !request.cloudEnv().isBlank()) {
      return targets.find(request.cloudEnv()).map(t -> t.name());
    }
    for (String tag : request.tags()) {
      if (targets.find(tag).isPresent()) {
        return Optional.of(tag);
      }
    }
    return Optional.of(defaultTarget(request.isJobCluster()));
  }

  private String defaultTarget(boolean jobCluster) {
    if (settings != null) {
      String key = jobCluster ? DEFAULT_JOB_TARGET_KEY : DEFAULT_TARGET_KEY;
      // Cached: every create asks (see ClusterSettingLookups for when a write is seen).
      Optional<String> setting = settings.value(key);
      if (setting.isPresent()) {
        if (targets.find(setting.get()).isPresent()) {
          return setting.get();
        }
        log.warn(
            "cluster-config {} = '{}' is not a Kubernetes target; using {}",
            key,
            setting.get(),
            targets.defaultTargetName());
      }
    }
    return targets.defaultTargetName();
  }

  public String namespaceOf(String target) {
    return targets.get(target).namespace();
  }
}
