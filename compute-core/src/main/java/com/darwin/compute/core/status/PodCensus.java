package com.darwin.compute.core.status;

import com.darwin.compute.core.render.ResourceNames;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.Collection;
import java.util.List;

/**
 * What the pods of one cluster show: is the Ray head up, is its Jupyter container ready, how many
 * workers are running and ready.
 */
public record PodCensus(
    boolean headPresent,
    boolean headReady,
    boolean jupyterReady,
    int readyWorkers,
    int runningPods,
    String headMessage) {

  public static final PodCensus NONE = new PodCensus(false, false, false, 0, 0, null);

  public static PodCensus of(Collection<Pod> pods) {
    boolean headPresent = false;
    boolean headReady = false;
    boolean jupyterReady = false;
    int readyWorkers = 0;
    int running = 0;
    String headMessage = null;
    for (Pod pod : pods) {
      if (pod.getMetadata().getDeletionTimestamp() != null) {
        continue;
      }
      boolean isRunning = pod.getStatus() != null && "Running".equals(pod.getStatus().getPhase());
      if (isRunning) {
        running++;
      }
      String nodeType = label(pod, ResourceNames.KUBERAY_NODE_TYPE_LABEL);
      if ("head".equals(nodeType)) {
        headPresent = true;
        boolean rayReady = isRunning && containerReady(pod, ResourceNames.RAY_HEAD_CONTAINER);
        headReady |= rayReady;
        jupyterReady |= rayReady && containerReady(pod, ResourceNames.JUPYTER_CONTAINER);
        if (!rayReady && pod.getStatus() != null) {
          headMessage = pod.getStatus().getReason();
        }
      } else if ("worker".equals(nodeType)
          && isRunning
          && containerReady(pod, ResourceNames.RAY_WORKER_CONTAINER)) {
        readyWorkers++;
      }
    }
    return new PodCensus(headPresent, headReady, jupyterReady, readyWorkers, running, headMessage);
  }

  private static String label(Pod pod, String key) {
    return pod.getMetadata().getLabels() == null ? null : pod.getMetadata().getLabels().get(key);
  }

  private static boolean containerReady(Pod pod, String containerName) {
    List<ContainerStatus> statuses =
        pod.getStatus() == null ? null : pod.getStatus().getContainerStatuses();
    if (statuses == null) {
      return false;
    }
    return statuses.stream()
        .anyMatch(s -> containerName.equals(s.getName()) && Boolean.TRUE.equals(s.getReady()));
  }
}
