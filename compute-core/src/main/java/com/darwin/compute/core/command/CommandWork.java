package com.darwin.compute.core.command;

import com.darwin.compute.core.podexec.LivePod;
import com.darwin.compute.core.podexec.PodTaskKind;
import com.darwin.compute.core.podexec.PodTaskRuns;
import com.darwin.compute.core.podexec.PodTaskState;
import com.darwin.compute.core.podexec.PodWork;
import com.darwin.compute.core.podexec.PodWorkSource;
import com.darwin.compute.core.store.IdBatches;
import com.darwin.compute.model.command.CommandStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Remote commands as pod work: each runs once on every ready pod of its target ({@code timeout
 * SECONDS sh -c LINES}), after the libraries. {@code success} once every targeted pod succeeded,
 * {@code failed} as soon as one failed; on a stopped cluster a command is {@code created} again, to
 * run on the pods of the next start.
 */
@Component
public class CommandWork implements PodWorkSource {

  private final RemoteCommandRepository commands;
  private final CommandProperties properties;
  private final Clock clock;
  private final JsonMapper mapper = JsonMapper.builder().build();

  public CommandWork(RemoteCommandRepository commands, CommandProperties properties, Clock clock) {
    this.commands = commands;
    this.properties = properties;
    this.clock = clock;
  }

  @Override
  public PodTaskKind kind() {
    return PodTaskKind.COMMAND;
  }

  @Override
  @Transactional(readOnly = true)
  public Set<String> runningClustersWithWork() {
    return properties.enabled() ? commands.runningClustersWithCommands() : Set.of();
  }

  @Override
  @Transactional(readOnly = true)
  public Snapshot snapshot(Collection<String> clusterIds) {
    Map<String, List<RemoteCommandEntity>> rows =
        properties.enabled()
            ? commands.findByClusterIdInOrderByCreatedAtAscExecutionIdAsc(clusterIds).stream()
                .collect(Collectors.groupingBy(RemoteCommandEntity::getClusterId))
            : Map.of();
    return new Snapshot() {
      @Override
      public List<PodWork> work(String clusterId) {
        return rows.getOrDefault(clusterId, List.of()).stream()
            .map(CommandWork.this::work)
            .toList();
      }

      @Override
      public boolean settled(String clusterId, Collection<LivePod> pods, List<PodTaskState> tasks) {
        Map<String, List<PodTaskState>> byCommand =
            tasks.stream().collect(Collectors.groupingBy(PodTaskState::ref));
        return rows.getOrDefault(clusterId, List.of()).stream()
            .allMatch(c -> statusOf(c, pods, byCommand) == c.getStatus());
      }
    };
  }

  @Override
  @Transactional(propagation = Propagation.MANDATORY)
  public boolean stillWanted(String clusterId, PodWork read, LivePod pod) {
    if (!properties.enabled()) {
      return false;
    }
    return commands
        .findForShare(read.ref())
        .filter(c -> c.getClusterId().equals(clusterId))
        .map(this::work)
        .filter(
            now ->
                now.argv().equals(read.argv())
                    && now.timeout().equals(read.timeout())
                    && now.isFor(pod))
        .isPresent();
  }

  private PodWork work(RemoteCommandEntity c) {
    List<String> lines = mapper.readValue(c.getCommand(), new TypeReference<List<String>>() {});
    return new PodWork(
        PodTaskKind.COMMAND,
        c.getExecutionId(),
        pod -> c.getTarget().includes(pod.nodeType()),
        // Stopped in the pod at its timeout by the executor's timeout(1), as installs are.
        List.of("/bin/sh", "-c", String.join("\n", lines)),
        Duration.ofSeconds(c.getTimeoutSeconds()),
        c.getNotBefore());
  }

  @Override
  @Transactional
  public void settle(String clusterId, Collection<LivePod> pods, List<PodTaskState> podTasks) {
    if (!properties.enabled()) {
      return;
    }
    Map<String, List<PodTaskState>> byCommand =
        podTasks.stream().collect(Collectors.groupingBy(PodTaskState::ref));
    for (RemoteCommandEntity command :
        commands.findByClusterIdOrderByCreatedAtAscExecutionIdAsc(clusterId)) {
      command.setStatus(statusOf(command, pods, byCommand), clock.instant());
    }
  }

  /**
   * What the pods and their tasks say of the command. A failure stands while any pod it targets was
   * there when it failed (or none is): the tasks of a pod that went away (scaled down) go with it,
   * and a command that failed there read as succeeded on the pods left. Pods all made since (a
   * restart's, or every worker replaced) judge it afresh. A success on pods all gone since stands
   * too, until a pod it targets starts and runs it. A stop sets it back to created for the next
   * start.
   */
  private CommandStatus statusOf(
      RemoteCommandEntity command,
      Collection<LivePod> pods,
      Map<String, List<PodTaskState>> byCommand) {
    PodWork work = work(command);
    List<PodTaskState> runs = byCommand.getOrDefault(command.getExecutionId(), List.of());
    List<LivePod> targeted = pods.stream().filter(work::isFor).toList();
    if (PodTaskRuns.anyFailed(runs) || failureStands(command, targeted, runs)) {
      return CommandStatus.FAILED;
    } else if (PodTaskRuns.succeededOnEvery(targeted, runs)
        || (targeted.isEmpty() && command.getStatus() == CommandStatus.SUCCESS)) {
      return CommandStatus.SUCCESS;
    } else if (targeted.isEmpty() && command.getStatus() == CommandStatus.CREATED) {
      return CommandStatus.CREATED; // registered: waits for a pod to start
    }
    return CommandStatus.RUNNING;
  }

  /**
   * Whether a failure recorded before stands: no pod it targets now, or one that was there when it
   * failed (made before, or with a run of it begun before: a pod not ready for a moment is not
   * among those targeted, but its run is kept).
   */
  private static boolean failureStands(
      RemoteCommandEntity command, List<LivePod> targeted, List<PodTaskState> runs) {
    Instant failedAt = command.getUpdatedAt();
    return command.getStatus() == CommandStatus.FAILED
        && (targeted.isEmpty()
            || targeted.stream().anyMatch(pod -> pod.createdAt().isBefore(failedAt))
            || runs.stream().anyMatch(run -> run.startedAt().isBefore(failedAt)));
  }

  @Override
  @Transactional
  public void settleStopped() {
    // In id batches, as the libraries' (LibraryWork#settleStopped).
    IdBatches.of(commands.ofDeletedClusters()).forEach(commands::deleteByIds);
    Instant now = clock.instant();
    for (List<String> unsettled : IdBatches.of(commands.unsettledOfStoppedClusters())) {
      commands.resetToCreated(unsettled, now);
    }
  }
}
