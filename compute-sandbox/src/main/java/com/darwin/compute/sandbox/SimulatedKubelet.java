package com.darwin.compute.sandbox;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Plays the kubelet for simulated Ray pods: derives a pod's status purely from when it was created
 * (and when it was failed on purpose), so the status is the same whenever it is computed and a
 * reconcile can compare "what it should be now" with what is stored.
 */
final class SimulatedKubelet {

  static final String PENDING = "Pending";
  static final String RUNNING = "Running";
  static final String FAILED = "Failed";

  private static final String HOST_IP = "192.168.49.2";

  /**
   * When things happen to one pod.
   *
   * @param created when the simulator created (or first saw) it
   * @param readyDelay head or worker delay: from creation to Running and Ready
   * @param jupyterDelay extra time before a container named {@code jupyter} is ready
   * @param failed when it was failed through the test knob, or null
   */
  record Timeline(Instant created, Duration readyDelay, Duration jupyterDelay, Instant failed) {

    Instant running() {
      return created.plus(readyDelay);
    }

    Instant jupyterReady() {
      return running().plus(jupyterDelay);
    }
  }

  private SimulatedKubelet() {}

  /** The status {@code pod} should have at {@code now}. */
  static PodStatus statusAt(Pod pod, Timeline timeline, Instant now) {
    List<Container> containers =
        pod.getSpec() == null || pod.getSpec().getContainers() == null
            ? List.of()
            : pod.getSpec().getContainers();
    if (timeline.failed() != null && !now.isBefore(timeline.failed())) {
      return failed(pod, containers, timeline);
    }
    boolean running = !now.isBefore(timeline.running());
    List<ContainerStatus> statuses = new ArrayList<>();
    List<String> notReady = new ArrayList<>();
    List<String> notReadyRayContainers = new ArrayList<>();
    for (Container container : containers) {
      boolean jupyter = KubeRay.JUPYTER_CONTAINER.equals(container.getName());
      boolean ready = running && (!jupyter || !now.isBefore(timeline.jupyterReady()));
      if (!ready) {
        notReady.add(container.getName());
        if (!jupyter) {
          notReadyRayContainers.add(container.getName());
        }
      }
      statuses.add(containerStatus(pod, container, running, ready, timeline));
    }
    Instant containersReadySince = notReady.isEmpty() ? lastReady(containers, timeline) : null;
    PodStatusBuilder status =
        new PodStatusBuilder()
            .withPhase(running ? RUNNING : PENDING)
            .withHostIP(HOST_IP)
            .withStartTime(time(timeline.created()))
            .withQosClass("BestEffort")
            .withContainerStatuses(statuses)
            .withConditions(
                condition("PodScheduled", true, timeline.created(), null, null),
                condition("Initialized", true, timeline.created(), null, null),
                condition(
                    "ContainersReady",
                    notReady.isEmpty(),
                    notReady.isEmpty() ? containersReadySince : timeline.created(),
                    notReady.isEmpty() ? null : "ContainersNotReady",
                    notReady.isEmpty() ? null : "containers with unready status: " + notReady),
                // The sandbox's contract: the pod counts as Ready once its Ray container is, even
                // if Jupyter is still starting (a real kubelet would wait for every container).
                condition(
                    "Ready",
                    running && notReadyRayContainers.isEmpty(),
                    running ? timeline.running() : timeline.created(),
                    running ? null : "ContainersNotReady",
                    running ? null : "containers with unready status: " + notReady));
    if (running) {
      String ip = podIp(pod);
      status.withPodIP(ip).withPodIPs(new PodIP(ip));
    }
    return status.build();
  }

  /** The next moment the status computed by {@link #statusAt} changes, if any. */
  static Optional<Instant> nextChange(Pod pod, Timeline timeline, Instant now) {
    if (timeline.failed() != null) {
      return Optional.empty();
    }
    if (now.isBefore(timeline.running())) {
      return Optional.of(timeline.running());
    }
    boolean hasJupyter =
        pod.getSpec() != null
            && pod.getSpec().getContainers() != null
            && pod.getSpec().getContainers().stream()
                .anyMatch(container -> KubeRay.JUPYTER_CONTAINER.equals(container.getName()));
    if (hasJupyter && now.isBefore(timeline.jupyterReady())) {
      return Optional.of(timeline.jupyterReady());
    }
    return Optional.empty();
  }

  /** Whether two statuses differ in anything a watcher would act on. */
  static boolean sameObservableState(PodStatus stored, PodStatus wanted) {
    return Objects.equals(fingerprint(stored), fingerprint(wanted));
  }

  static boolean isRunning(Pod pod) {
    return pod.getStatus() != null && RUNNING.equals(pod.getStatus().getPhase());
  }

  static boolean isFailed(Pod pod) {
    return pod.getStatus() != null && FAILED.equals(pod.getStatus().getPhase());
  }

  /** Running and with condition Ready=True, the way KubeRay counts ready pods. */
  static boolean isRunningAndReady(Pod pod) {
    return isRunning(pod)
        && readyCondition(pod).map(c -> "True".equals(c.getStatus())).orElse(false);
  }

  static Optional<PodCondition> readyCondition(Pod pod) {
    if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
      return Optional.empty();
    }
    return pod.getStatus().getConditions().stream()
        .filter(condition -> "Ready".equals(condition.getType()))
        .findFirst();
  }

  static String time(Instant instant) {
    return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
  }

  private static PodStatus failed(Pod pod, List<Container> containers, Timeline timeline) {
    List<ContainerStatus> statuses = new ArrayList<>();
    for (Container container : containers) {
      statuses.add(
          new ContainerStatusBuilder()
              .withName(container.getName())
              .withImage(container.getImage())
              .withImageID("")
              .withContainerID(containerId(pod, container))
              .withReady(false)
              .withStarted(false)
              .withRestartCount(0)
              .withState(
                  new ContainerStateBuilder()
                      .withNewTerminated()
                      .withExitCode(1)
                      .withReason("Error")
                      .withStartedAt(time(timeline.running()))
                      .withFinishedAt(time(timeline.failed()))
                      .endTerminated()
                      .build())
              .build());
    }
    String ip = podIp(pod);
    return new PodStatusBuilder()
        .withPhase(FAILED)
        .withHostIP(HOST_IP)
        .withPodIP(ip)
        .withPodIPs(new PodIP(ip))
        .withStartTime(time(timeline.created()))
        .withContainerStatuses(statuses)
        .withConditions(
            condition("PodScheduled", true, timeline.created(), null, null),
            condition("Initialized", true, timeline.created(), null, null),
            condition("ContainersReady", false, timeline.failed(), "PodFailed", null),
            condition("Ready", false, timeline.failed(), "PodFailed", null))
        .build();
  }

  private static ContainerStatus containerStatus(
      Pod pod, Container container, boolean running, boolean ready, Timeline timeline) {
    ContainerState state =
        running
            ? new ContainerStateBuilder()
                .withNewRunning()
                .withStartedAt(time(timeline.running()))
                .endRunning()
                .build()
            : new ContainerStateBuilder()
                .withNewWaiting()
                .withReason("ContainerCreating")
                .endWaiting()
                .build();
    return new ContainerStatusBuilder()
        .withName(container.getName())
        .withImage(container.getImage())
        .withImageID("")
        .withContainerID(running ? containerId(pod, container) : null)
        .withReady(ready)
        .withStarted(running)
        .withRestartCount(0)
        .withState(state)
        .build();
  }

  private static Instant lastReady(List<Container> containers, Timeline timeline) {
    boolean hasJupyter =
        containers.stream().anyMatch(c -> KubeRay.JUPYTER_CONTAINER.equals(c.getName()));
    return hasJupyter ? timeline.jupyterReady() : timeline.running();
  }

  private static PodCondition condition(
      String type, boolean status, Instant since, String reason, String message) {
    return new PodConditionBuilder()
        .withType(type)
        .withStatus(status ? "True" : "False")
        .withLastTransitionTime(time(since))
        .withReason(reason)
        .withMessage(message)
        .build();
  }

  // Stable per pod, so recomputing a status never changes it.
  private static String podIp(Pod pod) {
    int hash = pod.getMetadata().getUid() == null ? 0 : pod.getMetadata().getUid().hashCode();
    return "10.244." + ((hash >>> 8) & 0xff) + "." + (1 + ((hash & 0xff) % 254));
  }

  private static String containerId(Pod pod, Container container) {
    return "containerd://"
        + Integer.toHexString(Objects.hash(pod.getMetadata().getUid(), container.getName()));
  }

  private static String fingerprint(PodStatus status) {
    if (status == null) {
      return "";
    }
    StringBuilder text = new StringBuilder(String.valueOf(status.getPhase()));
    text.append('|').append(status.getPodIP());
    if (status.getConditions() != null) {
      status.getConditions().stream()
          .sorted(Comparator.comparing(PodCondition::getType))
          .forEach(c -> text.append('|').append(c.getType()).append('=').append(c.getStatus()));
    }
    if (status.getContainerStatuses() != null) {
      for (ContainerStatus container : status.getContainerStatuses()) {
        text.append('|')
            .append(container.getName())
            .append(':')
            .append(container.getReady())
            .append(':')
            .append(stateName(container.getState()));
      }
    }
    return text.toString();
  }

  private static String stateName(ContainerState state) {
    if (state == null) {
      return "none";
    }
    if (state.getRunning() != null) {
      return "running";
    }
    if (state.getTerminated() != null) {
      return "terminated";
    }
    return "waiting";
  }
}
