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
          headMessage = whyNotUp(pod);
        }
      } else if ("worker".equals(nodeType)
          && isRunning
          && containerReady(pod, ResourceNames.RAY_WORKER_CONTAINER)) {
        readyWorkers++;
      }
    }
    return new PodCensus(headPresent, headReady, jupyterReady, readyWorkers, running, headMessage);
  }

  /** The longest part of Kubernetes' words kept in a status message. */
  static final int LONGEST = 300;

  /**
   * Why a head pod is not up, in Kubernetes' words, or null: the pod's own reason (evicted), its
   * Ray container waiting on something that will not pass by itself (an image that cannot be
   * pulled, a crash loop, a missing ConfigMap or Secret), or no node for it (unschedulable). The
   * pod's reason alone was null in all but the first, so a cluster stuck creating said nothing.
   */
  static String whyNotUp(Pod pod) {
    if (pod.getStatus().getReason() != null) {
      return words(pod.getStatus().getReason(), pod.getStatus().getMessage());
    }
    if (pod.getStatus().getContainerStatuses() != null) {
      for (ContainerStatus container : pod.getStatus().getContainerStatuses()) {
        if (!ResourceNames.RAY_HEAD_CONTAINER.equals(container.getName())) {
          continue;
        }
        String waiting =
            container.getState() == null || container.getState().getWaiting() == null
                ? null
                : container.getState().getWaiting().getReason();
        // One message for as long as it lasts (each change is a write of the cluster's row):
        // Kubernetes turns ErrImagePull into ImagePullBackOff and back at each retry, and a
        // crashing container is waiting, running and terminated in turn; their texts name the
        // registry's addresses and count the back-off up.
        if ("ErrImagePull".equals(waiting) || "ImagePullBackOff".equals(waiting)) {
          return "The Ray head's image cannot be pulled: " + container.getImage();
        }
        var last =
            container.getLastState() == null ? null : container.getLastState().getTerminated();
        if (container.getRestartCount() != null
            && container.getRestartCount() > 0
            && last != null) {
          return "The Ray head keeps crashing (last exit code " + last.getExitCode() + ")";
        }
        if (waiting != null
            && !"ContainerCreating".equals(waiting)
            && !"PodInitializing".equals(waiting)) {
          return words(waiting, container.getState().getWaiting().getMessage());
        }
      }
    }
    if (pod.getStatus().getConditions() != null) {
      for (var condition : pod.getStatus().getConditions()) {
        if ("PodScheduled".equals(condition.getType())
            && "False".equals(condition.getStatus())
            && condition.getReason() != null) {
          return words(condition.getReason(), condition.getMessage());
        }
      }
    }
    return null;
  }

  private static String words(String reason, String message) {
    String text = message == null || message.isBlank() ? reason : reason + ": " + message.strip();
    return text.length() > LONGEST ? text.substring(0, LONGEST) + "..." : text;
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
