package com.darwin.compute.core.cluster;

import com.darwin.compute.core.domain.ClusterConflictException;
import com.darwin.compute.core.domain.ClusterNotFoundException;
import com.darwin.compute.core.kube.ClusterObserver;
import com.darwin.compute.core.render.ResourceNames;
import com.darwin.compute.core.store.ClusterEntity;
import com.darwin.compute.core.store.ClusterRepository;
import com.darwin.compute.core.store.DesiredState;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.Map;
import org.springframework.stereotype.Service;

/**
 * The IP of a running cluster's head pod, from the watch cache: no call to the cluster's Ray
 * dashboard (the Python service's source) is needed, and no guess is made when there is none yet.
 */
@Service
public class HeadNodeLocator {

  private final ClusterRepository clusters;
  private final ClusterObserver observer;

  public HeadNodeLocator(ClusterRepository clusters, ClusterObserver observer) {
    this.clusters = clusters;
    this.observer = observer;
  }

  /** The head pod's IP; 409 when the cluster is stopped or its head has no IP yet. */
  public String headNodeIp(String clusterId) {
    ClusterEntity cluster =
        clusters.findById(clusterId).orElseThrow(() -> new ClusterNotFoundException(clusterId));
    if (cluster.getDesiredState() != DesiredState.RUNNING) {
      throw new ClusterConflictException("Cluster " + clusterId + " is not running");
    }
    return observer.pods(cluster.getCloudEnv(), clusterId).stream()
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
        .filter(HeadNodeLocator::isHead)
        .map(p -> p.getStatus() == null ? null : p.getStatus().getPodIP())
        .filter(ip -> ip != null && !ip.isBlank())
        .findFirst()
        .orElseThrow(
            () ->
                new ClusterConflictException(
                    "The head node of cluster "
                        + clusterId
                        + " has no IP yet (status "
                        + cluster.getStatus().wireName()
                        + ")"));
  }

  private static boolean isHead(Pod pod) {
    Map<String, String> labels = pod.getMetadata().getLabels();
    return labels != null && "head".equals(labels.get(ResourceNames.KUBERAY_NODE_TYPE_LABEL));
  }
}
