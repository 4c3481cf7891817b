package com.darwin.compute.core.kube;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * Makes a rendered RayCluster exist as rendered. Applying the same manifest twice is a no-op: the
 * rendered spec's hash is stamped on the object and compared with the live copy from the informer
 * cache, so an unchanged cluster costs no API request.
 */
public interface ManifestApplier {

  /**
   * @param desired the rendered object, already stamped with its spec hash
   * @param live the object as last seen by the informer, or null when it does not exist
   */
  ApplyOutcome apply(
      KubernetesClient client, GenericKubernetesResource desired, GenericKubernetesResource live);
}
