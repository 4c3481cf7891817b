package com.darwin.compute.core.command;

import com.darwin.compute.core.access.AccessAudit;
import com.darwin.compute.core.access.AccessDeniedException;
import com.darwin.compute.core.access.Caller;
import com.darwin.compute.core.cluster.ClusterHandedOver;
import com.darwin.compute.core.cluster.ClusterTimeline;
import com.darwin.compute.core.cluster.RetriedOnConcurrentChange;
import com.darwin.compute.core.cluster.RetriedOnConcurrentInsert;
import com.darwin.compute.core.domain.ClusterConflictException;
import com.darwin.compute.core.domain.ClusterNotFoundException;
import com.darwin.compute.core.domain.InvalidRequestException;
import com.darwin.compute.core.podexec.PodTaskEntity;
import com.darwin.compute.core.podexec.PodTaskKind;
import com.darwin.compute.core.podexec.PodTaskRun;
import com.darwin.compute.core.podexec.PodTaskStatus;
import com.darwin.compute.core.podexec.PodTaskStore;
import com.darwin.compute.core.store.ClusterEntity;
import com.darwin.compute.core.store.ClusterRepository;
import com.darwin.compute.core.store.DesiredState;
import com.darwin.compute.core.timeline.TimelineAction;
import com.darwin.compute.model.command.CommandPodRun;
import com.darwin.compute.model.command.CommandStatus;
import com.darwin.compute.model.command.CommandStatusView;
import com.darwin.compute.model.command.CommandTarget;
import com.darwin.compute.model.command.RemoteCommandRequest;
import com.darwin.compute.model.command.RemoteCommandView;
import com.darwin.compute.model.common.FieldError;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Remote commands: shell lines the cluster's owner runs in its pods (the head, the workers or all).
 * Only when enabled in configuration, only for the owner and admins (a share, even at can_manage,
 * does not give a shell), and every registration, execution and removal is on the cluster's
 * timeline with who did it, the execution id, target and timeout. Not the lines: the timeline is
 * read by anyone who may read the cluster, and a command line may hold a secret; the lines are read
 * through the command routes, by those who may run them. The lines are the owner's code by intent;
 * they reach the pod as one argv element of {@code sh -c}, under {@code timeout}.
 */
@Service
public class CommandService {

  /**
   * Not {@code .} nor {@code ..}: in the command's URLs, those path segments are normalised away.
   */
  private static final Pattern EXECUTION_ID = Pattern.compile("^(?!\\.\\.?$)[-_.A-Za-z0-9]{1,64}$");

  private final RemoteCommandRepository commands;
  private final ClusterRepository clusters;
  private final PodTaskStore tasks;
  private final ClusterTimeline timeline;
  private final AccessAudit audit;
  private final CommandProperties properties;
  private final Clock clock;
  private final JsonMapper mapper = JsonMapper.builder().build();

  public CommandService(
      RemoteCommandRepository commands,
      ClusterRepository clusters,
      PodTaskStore tasks,
      ClusterTimeline timeline,
      AccessAudit audit,
      CommandProperties properties,
      Clock clock) {
    this.commands = commands;
    this.clusters = clusters;
    this.tasks = tasks;
    this.timeline = timeline;
    this.audit = audit;
    this.properties = properties;
    this.clock = clock;
  }

  /** The register answer: the new execution ids. */
  public record Registered(List<String> executionIds) {}

  /**
   * Registers commands: they run on every pod that starts from now on (all pods at the next start
   * of a stopped cluster; on a running one, the pods created afterwards). An execution_id another
   * request registers at the same moment is taken, as it is a moment later (a 409).
   */
  @RetriedOnConcurrentInsert
  @Transactional
  public Registered register(String clusterId, List<RemoteCommandRequest> requests, Caller caller) {
    ClusterEntity cluster = allowed(lockedForCommands(clusterId), caller);
    if (requests.isEmpty()) {
      throw new InvalidRequestException("remote_commands", "must list at least one command");
    }
    List<Valid> valid = validate(requests, "remote_commands");
    requireRoomFor(clusterId, valid.size(), "remote_commands");
    Instant now = clock.instant();
    boolean running = cluster.getDesiredState() == DesiredState.RUNNING;
    List<String> ids = new ArrayList<>();
    for (Valid v : valid) {
      save(cluster, v, CommandStatus.CREATED, running ? now : null, caller, now);
      record(cluster, TimelineAction.COMMAND_REGISTERED, "registered", v, caller);
      ids.add(v.executionId());
    }
    return new Registered(ids);
  }

  /**
   * Runs a command now on every ready pod of its target (and on the target's pods that start later,
   * as a registered one). A stopped cluster runs it at its next start.
   */
  @RetriedOnConcurrentInsert
  @Transactional
  public String execute(String clusterId, RemoteCommandRequest request, Caller caller) {
    ClusterEntity cluster = allowed(lockedForCommands(clusterId), caller);
    if (request == null) {
      throw new InvalidRequestException("command", "is required");
    }
    Valid v = validate(List.of(request), null).get(0);
    requireRoomFor(clusterId, 1, "command");
    Instant now = clock.instant();
    CommandStatus status =
        cluster.getDesiredState() == DesiredState.RUNNING
            ? CommandStatus.RUNNING
            : CommandStatus.CREATED;
    save(cluster, v, status, null, caller, now);
    record(cluster, TimelineAction.COMMAND_EXECUTED, "ran", v, caller);
    return v.executionId();
  }

  /**
   * Removes a command. One that loses a race (another delete of it, most often) runs again on a
   * fresh read, so a delete that finds it gone is a 404, as one sent after it would be.
   */
  @RetriedOnConcurrentChange
  @Transactional
  public void delete(String clusterId, String executionId, Caller caller) {
    ClusterEntity cluster = allowed(clusterId, caller);
    RemoteCommandEntity command = find(clusterId, executionId);
    commands.delete(command);
    tasks.forget(PodTaskKind.COMMAND, List.of(executionId));
    timeline.record(
        clusterId,
        cluster.getActiveRunId(),
        TimelineAction.COMMAND_DELETED,
        "Remote command " + executionId + " deleted by " + caller.actor().name(),
        caller.actor());
  }

  /**
   * Refuses commands past {@code compute.commands.max-per-cluster}: each is a task on each of the
   * cluster's pods, judged at every pass of the one runner all clusters share. Counted under the
   * cluster's lock ({@link #lockedForCommands}), so two requests for it count one after the other.
   */
  private void requireRoomFor(String clusterId, int added, String field) {
    // The transaction's first plain read, after the cluster's lock: it sees every command a request
    // that held the lock before committed.
    long held = commands.countByClusterId(clusterId);
    if (held + added > properties.maxPerCluster()) {
      throw new InvalidRequestException(
          field,
          "a cluster holds at most "
              + properties.maxPerCluster()
              + " remote commands (compute.commands.max-per-cluster); this one has "
              + held
              + ": delete some first");
    }
  }

  /**
   * A cluster given to another owner loses its commands (its previous owner's, and any an admin
   * registered for them): they would run, at its next start, with the new owner's workspace
   * mounted, and their lines (which may hold secrets) would be the new owner's to read, while the
   * previous owner could no longer see or remove them. In the handover's transaction, under the
   * cluster's lock, which what adds commands takes first ({@link #lockedForCommands}).
   */
  @EventListener
  @Transactional
  public void handedOver(ClusterHandedOver handover) {
    // After the handover's checks (which, for a running cluster, take both owners' locks in one
    // order, so two handovers between the same owners never hold each other's clusters): the
    // cluster's lock, then its commands as committed now, not as the handover's first read saw
    // them. A request adding commands that took the lock first has committed by then, and one
    // that comes after finds the new owner.
    clusters.findForEdit(handover.clusterId());
    List<String> removed =
        commands.findForHandover(handover.clusterId()).stream()
            .map(RemoteCommandEntity::getExecutionId)
            .toList();
    if (removed.isEmpty()) {
      return;
    }
    commands.deleteByIds(removed);
    tasks.forget(PodTaskKind.COMMAND, removed);
    timeline.record(
        handover.clusterId(),
        handover.runId(),
        TimelineAction.COMMAND_DELETED,
        "Remote commands deleted as the cluster was given by "
            + handover.previousOwner()
            + " to "
            + handover.newOwner()
            + " (by "
            + handover.actor().name()
            + "): "
            + named(removed),
        handover.actor());
  }

  /** Up to 20 ids, then how many more: a cluster's commands are not counted, its entry is text. */
  private static String named(List<String> ids) {
    int shown = Math.min(ids.size(), 20);
    String names = String.join(", ", ids.subList(0, shown));
    return shown == ids.size() ? names : names + " and " + (ids.size() - shown) + " more";
  }

  @Transactional(readOnly = true)
  public CommandStatusView status(String clusterId, String executionId, Caller caller) {
    readable(clusterId, caller);
    RemoteCommandEntity command = find(clusterId, executionId);
    return new CommandStatusView(command.getStatus(), executionId, runs(executionId));
  }

  /**
   * Every command of the cluster, with how it ran on each pod but not what the pods wrote (its
   * status route has that): up to a hundred commands on hundreds of pods, their logs made one
   * answer of gigabytes, read one command at a time.
   */
  @Transactional(readOnly = true)
  public List<RemoteCommandView> list(String clusterId, Caller caller) {
    readable(clusterId, caller);
    Map<String, List<PodTaskRun>> runs = tasks.runsOf(clusterId, PodTaskKind.COMMAND);
    return commands.findByClusterIdOrderByCreatedAtAscExecutionIdAsc(clusterId).stream()
        .map(
            c ->
                view(
                    c,
                    runs.getOrDefault(c.getExecutionId(), List.of()).stream()
                        .map(CommandService::withoutLog)
                        .toList()))
        .toList();
  }

  private static CommandPodRun withoutLog(PodTaskRun run) {
    return new CommandPodRun(
        run.podName(),
        status(run.status()),
        run.exitCode(),
        null,
        run.startedAt(),
        run.finishedAt());
  }

  private List<CommandPodRun> runs(String executionId) {
    return tasks.of(PodTaskKind.COMMAND, executionId).stream().map(CommandService::run).toList();
  }

  private void save(
      ClusterEntity cluster,
      Valid v,
      CommandStatus status,
      Instant notBefore,
      Caller caller,
      Instant now) {
    if (commands.existsById(v.executionId())) {
      throw new ClusterConflictException(
          "A remote command with execution_id " + v.executionId() + " already exists");
    }
    commands.saveAndFlush(
        new RemoteCommandEntity(
            v.executionId(),
            cluster.getClusterId(),
            mapper.writeValueAsString(v.lines()),
            v.target(),
            v.timeoutSeconds(),
            status,
            notBefore,
            caller.actor().name(),
            now));
  }

  private void record(
      ClusterEntity cluster, TimelineAction action, String verb, Valid v, Caller caller) {
    int lines = v.lines().size();
    timeline.record(
        cluster.getClusterId(),
        cluster.getActiveRunId(),
        action,
        caller.actor().name()
            + " "
            + verb
            + " remote command "
            + v.executionId()
            + " on "
            + v.target().wireName()
            + " (timeout "
            + v.timeoutSeconds()
            + "s, "
            + lines
            + (lines == 1 ? " line" : " lines")
            + ")",
        caller.actor());
  }

  /** Enabled, the cluster exists, and the caller is its owner or an admin. */
  private ClusterEntity allowed(String clusterId, Caller caller) {
    return allowed(cluster(clusterId), caller);
  }

  private ClusterEntity allowed(ClusterEntity cluster, Caller caller) {
    if (!properties.enabled()) {
      throw new CommandsDisabledException();
    }
    String clusterId = cluster.getClusterId();
    if (!caller.admin() && !cluster.getOwner().equals(caller.user())) {
      String why = "remote commands are for its owner (" + cluster.getOwner() + ") and admins only";
      // A shell on someone else's pods is the refusal an owner most needs to see on the timeline.
      audit.refused(clusterId, caller, "run commands on it", why);
      throw new AccessDeniedException(
          "cluster", "You may not run commands on cluster " + clusterId + ": " + why);
    }
    return cluster;
  }

  /**
   * Commands and their output are read by those who may run them: the owner (or a delegate acting
   * for the owner) and admins. They may hold secrets.
   */
  private void readable(String clusterId, Caller caller) {
    ClusterEntity cluster = cluster(clusterId);
    if (!caller.admin() && !cluster.getOwner().equals(caller.user())) {
      throw new AccessDeniedException(
          "cluster",
          "The remote commands of cluster " + clusterId + " are read by its owner and admins only");
    }
  }

  private record Valid(
      String executionId, List<String> lines, CommandTarget target, int timeoutSeconds) {}

  private List<Valid> validate(List<RemoteCommandRequest> requests, String listField) {
    List<FieldError> errors = new ArrayList<>();
    List<Valid> valid = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < requests.size(); i++) {
      String p = listField == null ? "" : listField + "[" + i + "].";
      RemoteCommandRequest r = requests.get(i);
      if (r == null) {
        errors.add(
            new FieldError(p.isEmpty() ? "command" : listField + "[" + i + "]", "is required"));
        continue;
      }
      int errorsBefore = errors.size();
      String id = r.executionId() == null ? newId() : r.executionId().strip();
      if (!EXECUTION_ID.matcher(id).matches()) {
        errors.add(
            new FieldError(
                p + "execution_id",
                "may contain only [-_.A-Za-z0-9], at most 64, and is not . or .."));
      } else if (!seen.add(id)) {
        errors.add(new FieldError(p + "execution_id", "is given twice"));
      }
      List<String> lines = r.command() == null ? List.of() : r.command();
      int length = lines.stream().mapToInt(l -> l == null ? 0 : l.length()).sum();
      if (lines.isEmpty() || lines.stream().anyMatch(l -> l == null || l.isBlank())) {
        errors.add(new FieldError(p + "command", "must be a list of non-empty lines"));
      } else if (lines.size() > properties.maxLines()) {
        errors.add(new FieldError(p + "command", "at most " + properties.maxLines() + " lines"));
      } else if (length > properties.maxLength()) {
        errors.add(
            new FieldError(
                p + "command", "at most " + properties.maxLength() + " characters in all"));
      } else if (lines.stream().anyMatch(l -> l.indexOf('\0') >= 0)) {
        errors.add(new FieldError(p + "command", "must not contain NUL characters"));
      }
      long max = properties.maxTimeout().toSeconds();
      int timeout =
          r.timeout() == null ? (int) properties.defaultTimeout().toSeconds() : r.timeout();
      if (timeout < 1 || timeout > max) {
        errors.add(new FieldError(p + "timeout", "must be between 1 and " + max + " seconds"));
      }
      if (errors.size() > errorsBefore) {
        // Refused below; its lines may hold nulls, which a copy would not take.
        continue;
      }
      valid.add(
          new Valid(
              id,
              List.copyOf(lines),
              r.target() == null ? CommandTarget.CLUSTER : r.target(),
              timeout));
    }
    if (!errors.isEmpty()) {
      throw new InvalidRequestException(errors);
    }
    return valid;
  }

  private RemoteCommandEntity find(String clusterId, String executionId) {
    return commands
        .findByClusterIdAndExecutionId(clusterId, executionId)
        .orElseThrow(() -> new CommandNotFoundException(clusterId, executionId));
  }

  /**
   * The cluster, its row locked for writing as the transaction's first read: a command is added
   * either before a handover takes the lock (and deleted with it, {@link #handedOver}) or after the
   * handover, judged against the new owner; and two additions count the commands one after the
   * other.
   */
  private ClusterEntity lockedForCommands(String clusterId) {
    if (!properties.enabled()) {
      throw new CommandsDisabledException(); // before anything is read
    }
    return clusters
        .findForEdit(clusterId)
        .orElseThrow(() -> new ClusterNotFoundException(clusterId));
  }

  private ClusterEntity cluster(String clusterId) {
    return clusters.findById(clusterId).orElseThrow(() -> new ClusterNotFoundException(clusterId));
  }

  List<String> lines(RemoteCommandEntity command) {
    return mapper.readValue(command.getCommand(), new TypeReference<List<String>>() {});
  }

  private RemoteCommandView view(RemoteCommandEntity c, List<CommandPodRun> runs) {
    return new RemoteCommandView(
        c.getExecutionId(),
        String.join(" ; ", lines(c)),
        c.getTarget(),
        c.getStatus(),
        c.getTimeoutSeconds(),
        c.getCreatedBy(),
        runs);
  }

  private static CommandPodRun run(PodTaskEntity task) {
    return new CommandPodRun(
        task.getPodName(),
        status(task.getStatus()),
        task.getExitCode(),
        task.getLog(),
        task.getStartedAt(),
        task.getFinishedAt());
  }

  private static CommandStatus status(PodTaskStatus status) {
    return switch (status) {
      case RUNNING -> CommandStatus.RUNNING;
      case SUCCESS -> CommandStatus.SUCCESS;
      case FAILED -> CommandStatus.FAILED;
    };
  }

  private static String newId() {
    return UUID.randomUUID().toString().replace("-", "");
  }
}
