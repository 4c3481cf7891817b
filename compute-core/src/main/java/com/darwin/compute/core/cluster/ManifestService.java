package com.darwin.compute.core.cluster;

import com.darwin.compute.core.domain.ClusterConflictException;
import com.darwin.compute.core.domain.ClusterNotFoundException;
import com.darwin.compute.core.kube.ClusterObserver;
import com.darwin.compute.core.manifest.ClusterManifest;
import com.darwin.compute.core.manifest.ClusterManifests;
import com.darwin.compute.core.render.RenderedCluster;
import com.darwin.compute.core.render.ResourceNames;
import com.darwin.compute.core.runtime.RuntimeLookups;
import com.darwin.compute.core.store.ClusterEntity;
import com.darwin.compute.core.store.ClusterRepository;
import com.darwin.compute.core.store.RuntimeEntity;
import com.darwin.compute.core.validation.ClusterRequestValidator;
import com.darwin.compute.model.cluster.ClusterRequest;
import java.util.Map;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What a cluster is or would be in Kubernetes: {@code POST /cluster/manifest} (a preview of a
 * request, creating nothing) and {@code GET /cluster/{id}/manifest} (what the reconciler applies
 * for an existing cluster).
 */
@Service
public class ManifestService {

  private final ClusterRequestValidator validator;
  private final ClusterRepository clusters;
  private final RuntimeLookups runtimes;
  private final ClusterManifests manifests;
  private final ClusterObserver observer;

  public ManifestService(
      ClusterRequestValidator validator,
      ClusterRepository clusters,
      RuntimeLookups runtimes,
      ClusterManifests manifests,
      ClusterObserver observer) {
    this.validator = validator;
    this.clusters = clusters;
    this.runtimes = runtimes;
    this.manifests = manifests;
    this.observer = observer;
  }

  /**
   * Every object creating this request would apply, validated exactly as a create is. Nothing is
   * stored or applied. Names carry {@link ResourceNames#PREVIEW_CLUSTER_ID} in place of the id the
   * cluster gets when it is created.
   */
  @Transactional(readOnly = true)
  public ClusterManifest preview(ClusterRequest request) {
    // Validation renders the request under the preview id: that render is the preview.
    return new ClusterManifest(null, validator.validate(request).rendered().objects());
  }

  /**
   * The objects of an existing cluster as the reconciler applies them (spec hash, restart
   * generation, ConfigMap owners included). For a stopped cluster: what starting it applies.
   */
  @Transactional(readOnly = true)
  public ClusterManifest applied(String clusterId) {
    ClusterEntity cluster =
        clusters.findById(clusterId).orElseThrow(() -> new ClusterNotFoundException(clusterId));
    RuntimeEntity runtime =
        runtimes
            .find(cluster.getRuntime())
            .orElseThrow(
                () ->
                    new ClusterConflictException(
                        "Cluster "
                            + clusterId
                            + " cannot be rendered: its runtime '"
                            + cluster.getRuntime()
                            + "' no longer exists"));
    RenderedCluster rendered =
        manifests.render(
            clusterId,
            cluster.getSpec(),
            cluster.getOwner(),
            cluster.getCloudEnv(),
            cluster.getNamespace(),
            runtime);
    manifests.forApply(
        rendered,
        Map.of(
            ResourceNames.RESTART_GENERATION_ANNOTATION,
            Integer.toString(cluster.getRestartGeneration())),
        observer.rayCluster(cluster.getCloudEnv(), clusterId));
    return new ClusterManifest(clusterId, rendered.objects());
  }
}
