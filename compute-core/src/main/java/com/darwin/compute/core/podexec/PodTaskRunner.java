package com.darwin.compute.core.podexec;

import com.darwin.compute.core.cluster.LastUseWriter;
import com.darwin.compute.core.kube.ClusterObserver;
import com.darwin.compute.core.render.ResourceNames;
import com.darwin.compute.core.store.ClusterEntity;
import com.darwin.compute.core.store.ClusterRepository;
import com.darwin.compute.core.store.DatabaseOutage;
import com.darwin.compute.core.store.DesiredState;
import com.darwin.compute.core.store.IdBatches;
import com.darwin.compute.core.store.LockWaitTimeout;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Carries out libraries and remote commands on the pods of running clusters. Each pass, for every
 * running cluster with work, it takes the ready pods from the watch cache and starts, on each pod
 * with nothing running, the first item that pod has not run yet; one item at a time per pod, so two
 * pip installs never race on one pod, and at most {@code max-running} at a time on this replica (a
 * pod past it waits, and its cluster counts as in use meanwhile). A pod that is recreated (a
 * restart) or added (the autoscaler) has a new uid and so runs everything again; tasks of pods that
 * are gone (not merely unready) are forgotten, and so are those of removed items once they end
 * (until then they keep their pods busy). The program of a deleted command still running on a ready
 * pod is stopped there ({@link PodExecutor#stop}). A task that has not reported past its timeout is
 * failed.
 */
@Component
public class PodTaskRunner {

  /** The ShedLock lock of its passes (and of {@link PodTaskFollowUps}' runs). */
  public static final String LOCK = "pod-tasks";

  private static final Logger log = LoggerFactory.getLogger(PodTaskRunner.class);

  /**
   * How long after its start a task's program is first stopped: the exec that starts it may still
   * be on its way, and a stop that comes first finds nothing. Also the first wait before a stop is
   * sent again, doubling up to {@link #STOP_RETRY_MAX}.
   */
  static final Duration STOP_AFTER = Duration.ofSeconds(2);

  static final Duration STOP_RETRY_MAX = Duration.ofMinutes(1);

  /**
   * A stop sent for a task of a deleted command.
   *
   * @param againAt when to send it again (it found nothing, or could not be sent); null while it is
   *     on its way, and once it signalled the program
   */
  private record StopSent(String clusterId, int attempts, Instant againAt) {}

  private final List<PodWorkSource> sources;
  private final ClusterRepository clusters;
  private final ClusterObserver observer;
  private final PodTaskStore store;
  private final PodExecutor executor;
  private final PodTaskProperties properties;
  private final LastUseWriter lastUse;
  private final Clock clock;
  private final ApplicationEventPublisher events;
  // When this replica last began a pass (null before its first).
  private volatile Instant lastPass;
  // The tasks of deleted commands whose stop this replica has sent, by task id: sent again only
  // while the task runs on and the stop did not reach its program (or by another replica that
  // takes the lock over).
  private final Map<Long, StopSent> stopsSent = new ConcurrentHashMap<>();

  /**
   * Tasks whose exec this replica has open (the program's stops aside: they are short, and must
   * never wait). Only the runner's lock holder adds to it, so it never passes {@code max-running}.
   */
  private final AtomicInteger execsOpen = new AtomicInteger();

  /**
   * Clusters turned away for want of a free exec, by turn (the order they were first turned away in
   * since they last started something or were found waiting for nothing): a free exec goes to the
   * earliest, so one cluster with many pods, whose tasks end and are followed up first, does not
   * keep every exec to itself.
   */
  private final Map<String, Long> waiting = new ConcurrentHashMap<>();

  private final AtomicLong turns = new AtomicLong();

  /**
   * The clusters the current run of {@link #runClusters} turned away. A visited cluster it did not
   * turn away leaves the line at once; at the end a pass drops all the others it did not turn away,
   * and a follow-up those in line it chose.
   */
  private final Set<String> turnedAwayThisRun = ConcurrentHashMap.newKeySet();

  public PodTaskRunner(
      List<PodWorkSource> sources,
      ClusterRepository clusters,
      ClusterObserver observer,
      PodTaskStore store,
      PodExecutor executor,
      PodTaskProperties properties,
      LastUseWriter lastUse,
      Clock clock,
      ApplicationEventPublisher events) {
    this.sources = sources;
    this.clusters = clusters;
    this.observer = observer;
    this.store = store;
    this.executor = executor;
    this.properties = properties;
    this.lastUse = lastUse;
    this.clock = clock;
    this.events = events;
  }

  @Scheduled(
      fixedDelayString = "${compute.pod-tasks.interval:2s}",
      initialDelayString = "${compute.pod-tasks.interval:2s}")
  @SchedulerLock(name = LOCK)
  public void run() {
    pass();
  }

  /**
   * Whether no pass has run in this replica for two intervals: follow-ups that keep the lock busy
   * can make the scheduled passes find it held (they do not wait for it), so a follow-up then runs
   * the pass itself.
   */
  public boolean passOverdue() {
    Instant last = lastPass;
    return last != null
        && clock.instant().isAfter(last.plus(properties.interval().multipliedBy(2)));
  }

  /** A whole pass; only under the runner's lock ({@link #LOCK}). */
  public void pass() {
    lastPass = clock.instant();
    store.forgetNotRunning();
    Set<String> clusterIds = new LinkedHashSet<>();
    for (PodWorkSource source : sources) {
      try {
        source.settleStopped();
        clusterIds.addAll(source.runningClustersWithWork());
      } catch (RuntimeException e) {
        log.warn("Pod work of kind {} could not be read: {}", source.kind(), e.toString());
      }
    }
    try {
      // Removed items' tasks: also where nothing else is left to run, they are failed at their
      // deadline and forgotten once ended.
      clusterIds.addAll(store.clustersWithDetachedTasks());
    } catch (RuntimeException e) {
      log.warn("Clusters with tasks of removed items could not be read: {}", e.toString());
    }
    try {
      runClusters(clusterIds);
    } finally {
      // A cluster this pass did not turn away has nothing waiting any more (its pods went, or its
      // work did, or its visit failed): it must not hold the others back.
      waiting.keySet().retainAll(turnedAwayThisRun);
    }
    // A cluster no pass visits has no running task of a deleted command left.
    stopsSent.values().removeIf(stop -> !clusterIds.contains(stop.clusterId()));
  }

  /**
   * Runs the pod work of the clusters: a pass's, or those whose task just reported. Only under the
   * runner's lock ({@link #LOCK}), which {@link #run} and {@link PodTaskFollowUps} take. What it
   * judges by is read once for all the clusters (their rows, each source's items, their tasks), so
   * a visit to clusters where nothing changed costs the same few statements however many they are;
   * a cluster where something starts, ends or is forgotten costs its own.
   */
  public void runClusters(Collection<String> clusterIds) {
    turnedAwayThisRun.clear();
    for (List<String> batch : IdBatches.of(clusterIds)) {
      visit(batch);
    }
  }

  /**
   * Runs the clusters whose task just reported ({@link PodTaskFollowUps}), after the first of those
   * turned away for want of a free exec, in their turn, as many as execs are free: what the
   * reported tasks freed goes to them first, now, not at the next pass. Only under the runner's
   * lock.
   */
  public void runReported(Collection<String> reported) {
    List<String> inLine =
        waiting.entrySet().stream()
            .sorted(Map.Entry.comparingByValue())
            .limit(Math.max(0, properties.maxRunning() - execsOpen.get()))
            .map(Map.Entry::getKey)
            .toList();
    Set<String> clusterIds = new LinkedHashSet<>(inLine);
    clusterIds.addAll(reported);
    try {
      runClusters(clusterIds);
    } finally {
      // Not turned away (not even visited, if their cluster stopped, their target's cache is not
      // synced or their read failed): they must not hold back the others.
      inLine.stream()
          .filter(clusterId -> !turnedAwayThisRun.contains(clusterId))
          .forEach(waiting::remove);
    }
  }

  private void visit(List<String> clusterIds) {
    Map<String, ClusterEntity> running = new LinkedHashMap<>();
    Map<PodTaskKind, PodWorkSource.Snapshot> items = new EnumMap<>(PodTaskKind.class);
    Map<String, List<PodTaskState>> tasks;
    try {
      Map<String, ClusterEntity> read = new HashMap<>();
      clusters.findAllById(clusterIds).forEach(c -> read.put(c.getClusterId(), c));
      for (String clusterId : clusterIds) {
        ClusterEntity cluster = read.get(clusterId);
        // Until a target's pods are known (a start, a target whose API was not reached) an empty
        // list would forget what every pod has run, and each would run it all again once seen.
        if (cluster != null
            && cluster.getDesiredState() == DesiredState.RUNNING
            && observer.hasSynced(cluster.getCloudEnv())) {
          running.put(clusterId, cluster);
        }
      }
      if (running.isEmpty()) {
        return;
      }
      // The items before the tasks: a task read is then at least as new as the item it is for.
      for (PodWorkSource source : sources) {
        items.put(source.kind(), source.snapshot(running.keySet()));
      }
      tasks = store.ofClusters(running.keySet());
    } catch (RuntimeException e) {
      if (clusterIds.size() == 1 || DatabaseOutage.isCauseOf(e) || LockWaitTimeout.isCauseOf(e)) {
        // The database, not a row: a read per cluster would wait out the same failure a thousand
        // times. The next pass tries again.
        log.warn(
            "Pod work of {} could not be read: {}",
            clusterIds.size() == 1
                ? "cluster " + clusterIds.get(0)
                : clusterIds.size() + " clusters",
            e.toString());
        return;
      }
      // One row that cannot be read (a value a newer version wrote, during a rollout) must not
      // stop the work of every cluster read with it: each is visited on its own.
      log.warn(
          "Pod work of {} clusters could not be read at once ({}); visiting each on its own",
          clusterIds.size(),
          e.toString());
      clusterIds.forEach(id -> visit(List.of(id)));
      return;
    }
    // When each cluster with work running was last used, as read before this run.
    Map<String, Instant> working = new LinkedHashMap<>();
    for (ClusterEntity cluster : running.values()) {
      String clusterId = cluster.getClusterId();
      try {
        if (runCluster(cluster, tasks.getOrDefault(clusterId, List.of()), items)) {
          working.put(clusterId, cluster.getLastUsedAt());
        }
      } catch (RuntimeException e) {
        log.warn("Pod tasks of cluster {} failed: {}", clusterId, e.toString());
      }
      if (!turnedAwayThisRun.contains(clusterId)) {
        // Nothing of it waits now, or its visit failed: it must not hold back those after it.
        waiting.remove(clusterId);
      }
    }
    // An install or a command running on a cluster is use: the idle sweep must not stop the
    // cluster under it (its stop guards on the last use it read, so this wins over a verdict too).
    if (!working.isEmpty()) {
      // Not called otherwise: its transaction would cost round trips every run, to write nothing.
      lastUse.used(working, clock.instant());
    }
  }

  /**
   * Runs the cluster's pod work, from its tasks and items as read for the visit; whether something
   * runs on its pods.
   */
  private boolean runCluster(
      ClusterEntity cluster,
      List<PodTaskState> known,
      Map<PodTaskKind, PodWorkSource.Snapshot> items) {
    String clusterId = cluster.getClusterId();
    String target = cluster.getCloudEnv();
    List<Pod> existing = observer.pods(target, clusterId);
    List<LivePod> pods = livePods(cluster, existing);
    Map<String, LivePod> live =
        pods.stream().collect(Collectors.toMap(LivePod::uid, p -> p, (a, b) -> a));
    // Only the records of pods that are gone: a pod that is not ready for a moment (a failed probe)
    // is the same pod, with what it installed and ran; forgetting its records ran it all again.
    Set<String> present =
        existing.stream()
            .map(p -> p.getMetadata() == null ? null : p.getMetadata().getUid())
            .filter(Objects::nonNull)
            .collect(Collectors.toSet());
    // Whether the tasks changed since they were read: then the statuses are settled from a new
    // read.
    boolean changed = store.prune(known, present);
    Instant now = clock.instant();
    Set<String> busy = new HashSet<>();
    Set<String> done = new HashSet<>();
    Set<Long> removedRunning = new HashSet<>();
    for (PodTaskState task : known) {
      if (!present.contains(task.podUid())) {
        continue; // forgotten above
      }
      boolean running = task.status() == PodTaskStatus.RUNNING;
      // Past its deadline whether or not the pod is ready now: a task hung on a pod that stays
      // unready would otherwise keep its library or command running for as long as the pod lives.
      if (running && now.isAfter(task.deadline())) {
        String before = store.logOf(task.id());
        store.finish(
            task.id(),
            new ExecResult(
                -1,
                // What it wrote before contact was lost, if it was: pip's log up to there.
                (before == null ? "" : before + "\n")
                    + "Pod "
                    + task.podName()
                    + " did not report an exit status before its timeout",
                true));
        running = false;
        changed = true;
      }
      if (!live.containsKey(task.podUid())) {
        continue;
      }
      done.add(key(task.kind(), task.ref(), task.podUid()));
      if (running) {
        busy.add(task.podUid());
        if (task.isDetached() && task.kind() == PodTaskKind.COMMAND) {
          removedRunning.add(task.id());
          stopRemoved(clusterId, live.get(task.podUid()), task, now);
        }
      }
    }
    // Those that ended, or whose pod went, need no stop any more.
    stopsSent
        .entrySet()
        .removeIf(
            e ->
                e.getValue().clusterId().equals(clusterId) && !removedRunning.contains(e.getKey()));
    List<PodWork> work = new ArrayList<>();
    sources.forEach(s -> work.addAll(items.get(s.kind()).work(clusterId)));
    boolean started = false;
    boolean turnedAway = false;
    for (LivePod pod : pods) {
      if (busy.contains(pod.uid())) {
        continue;
      }
      Optional<PodWork> next =
          work.stream()
              .filter(w -> w.isFor(pod) && !done.contains(key(w.kind(), w.ref(), pod.uid())))
              .findFirst();
      if (next.isPresent()) {
        Start outcome = start(clusterId, pod, next.get(), started);
        if (outcome == Start.STARTED) {
          started = true;
        } else if (outcome == Start.WAITING) {
          turnedAway = true;
          break; // its other pods would wait too
        }
      }
    }
    Map<PodTaskKind, List<PodTaskState>> tasks =
        (changed || started ? store.ofCluster(clusterId) : known)
            .stream().collect(Collectors.groupingBy(PodTaskState::kind));
    for (PodWorkSource source : sources) {
      List<PodTaskState> ofKind = tasks.getOrDefault(source.kind(), List.of());
      if (!items.get(source.kind()).settled(clusterId, pods, ofKind)) {
        source.settle(clusterId, pods, ofKind);
      }
    }
    // Work waiting for a free exec is use too: the idle sweep must not stop the cluster before its
    // install has even begun.
    return started || turnedAway || !busy.isEmpty();
  }

  /** How many other clusters were turned away before this one (all of them, if it was not). */
  private long waitingBefore(String clusterId) {
    Long turn = waiting.get(clusterId);
    return waiting.entrySet().stream()
        .filter(e -> !e.getKey().equals(clusterId) && (turn == null || e.getValue() < turn))
        .count();
  }

  /** What {@link #start} did with a pod's next item. */
  private enum Start {
    STARTED,
    /** Another replica had claimed it. */
    CLAIMED_ELSEWHERE,
    /**
     * This replica runs {@code max-running} tasks already, or keeps the free execs for clusters
     * turned away before it: left for a later pass or follow-up.
     */
    WAITING
  }

  /**
   * Claims and starts the work on the pod, unless another replica did or no exec is free for it:
   * none is, or no more than clusters turned away before it wait for.
   *
   * @param startedThisVisit whether the cluster started something a moment ago, in this visit: then
   *     it is not given a turn now, and waits behind those it just went before
   */
  private Start start(String clusterId, LivePod pod, PodWork work, boolean startedThisVisit) {
    int free = properties.maxRunning() - execsOpen.get();
    if (free <= 0 || (free <= waiting.size() && free <= waitingBefore(clusterId))) {
      if (!startedThisVisit) {
        waiting.computeIfAbsent(clusterId, id -> turns.incrementAndGet());
      }
      turnedAwayThisRun.add(clusterId);
      log.debug(
          "{} {} on pod {} of cluster {} waits: {} execs free (compute.pod-tasks.max-running), {}"
              + " clusters waiting",
          work.kind(),
          work.ref(),
          pod.name(),
          clusterId,
          Math.max(0, free),
          waiting.size());
      return Start.WAITING;
    }
    // Past the pod's own stop (timeout(1)'s TERM, then its KILL): the pod stays busy until then.
    Instant deadline =
        clock
            .instant()
            .plus(work.timeout())
            .plus(InPodTimeout.KILL_AFTER)
            .plus(properties.reportGrace());
    Optional<Long> claimed = store.claim(work, clusterId, pod, deadline, source(work.kind()));
    if (claimed.isEmpty()) {
      return Start.CLAIMED_ELSEWHERE;
    }
    waiting.remove(clusterId);
    long taskId = claimed.get();
    log.info(
        "Running {} {} on pod {} of cluster {}", work.kind(), work.ref(), pod.name(), clusterId);
    execsOpen.incrementAndGet();
    CompletableFuture<ExecResult> exec;
    try {
      exec = executor.exec(pod, taskId, work.argv(), work.timeout());
    } catch (RuntimeException | Error e) {
      execsOpen.decrementAndGet();
      throw e;
    }
    exec.whenComplete(
        (result, error) -> {
          execsOpen.decrementAndGet();
          record(
              clusterId,
              pod,
              work,
              taskId,
              error != null ? ExecResult.lost("exec failed: " + error) : result);
        });
    return Start.STARTED;
  }

  /**
   * Stops the program of a deleted command in its pod: the user removed it to stop it, and until it
   * ends its pod starts nothing else. It then reports (stopped by the signal) and its task is
   * forgotten as any removed item's is. Only commands: an install stopped midway can leave a
   * package half-written in the pod's environment, which its uninstall does not remove, so a
   * removed library runs on to its end or its timeout as before.
   */
  private void stopRemoved(String clusterId, LivePod pod, PodTaskState task, Instant now) {
    long taskId = task.id();
    if (task.startedAt().plus(STOP_AFTER).isAfter(now)) {
      return;
    }
    StopSent previous = stopsSent.get(taskId);
    if (previous != null && (previous.againAt() == null || now.isBefore(previous.againAt()))) {
      return;
    }
    int attempt = previous == null ? 1 : previous.attempts() + 1;
    stopsSent.put(taskId, new StopSent(clusterId, attempt, null));
    log.info(
        "Stopping a deleted command's program on pod {} of cluster {} (task {}, attempt {})",
        pod.name(),
        clusterId,
        taskId,
        attempt);
    CompletableFuture<ExecResult> stop;
    try {
      stop = executor.stop(pod, taskId);
    } catch (RuntimeException e) {
      stop = CompletableFuture.failedFuture(e);
    }
    stop.whenComplete(
        (result, error) -> {
          if (error == null && result.succeeded()) {
            return; // signalled: the program reports through its own exec
          }
          // Nothing found (it ended and its report is on its way, or its exec has not started it
          // yet) or not sent: again while the task runs on, less and less often.
          Duration wait = STOP_AFTER.multipliedBy(1L << Math.min(attempt, 5));
          Instant againAt =
              clock.instant().plus(wait.compareTo(STOP_RETRY_MAX) > 0 ? STOP_RETRY_MAX : wait);
          // Only over this attempt: one sent since (the entry dropped and made again) is left.
          stopsSent.computeIfPresent(
              taskId,
              (id, sent) ->
                  sent.attempts() == attempt
                      ? new StopSent(sent.clusterId(), attempt, againAt)
                      : sent);
          boolean nothingFound =
              error == null && !result.timedOut() && result.exitCode() == InPodStop.NOTHING_FOUND;
          if (nothingFound) {
            log.info(
                "The stop of task {} on pod {} of cluster {} found no process of it",
                taskId,
                pod.name(),
                clusterId);
          } else {
            log.warn(
                "The stop of task {} on pod {} of cluster {} failed: {}",
                taskId,
                pod.name(),
                clusterId,
                error != null ? error.toString() : lastLine(result.output()));
          }
        });
  }

  /**
   * Stores how the work ended on the pod. With no exit status after it started, there is nothing to
   * store: the program may still be running there (a dropped exec stream does not stop it), so its
   * task stays running and its pod busy, and the task fails at its deadline, when the pod's own
   * timeout has surely stopped it. Failing it now let the pod start the next install beside it.
   */
  private void record(String clusterId, LivePod pod, PodWork work, long taskId, ExecResult result) {
    try {
      if (result.contactLost()) {
        log.warn(
            "Lost contact with {} {} on pod {} of cluster {} before it reported ({}): it may still"
                + " be running, so the pod runs nothing else until the task's deadline",
            work.kind(),
            work.ref(),
            pod.name(),
            clusterId,
            lastLine(result.output()));
        store.noteLost(taskId, result);
        return;
      }
      store.finish(taskId, result);
    } catch (RuntimeException e) {
      // Nothing else would say it: the future is not read. The task fails at its deadline.
      log.warn(
          "How {} {} ended on pod {} of cluster {} could not be stored: {}",
          work.kind(),
          work.ref(),
          pod.name(),
          clusterId,
          e.toString());
      return;
    }
    try {
      // The pod is free: its next task need not wait for the next pass.
      events.publishEvent(new PodTaskReported(clusterId));
    } catch (RuntimeException e) {
      log.warn(
          "The next pod task of cluster {} waits for the next pass: {}", clusterId, e.toString());
    }
  }

  private PodWorkSource source(PodTaskKind kind) {
    return sources.stream().filter(s -> s.kind() == kind).findFirst().orElseThrow();
  }

  private static String lastLine(String output) {
    String trimmed = output == null ? "" : output.strip();
    return trimmed.substring(trimmed.lastIndexOf('\n') + 1);
  }

  /** Running, ready and not being deleted: a pod that can run something now. */
  private static List<LivePod> livePods(ClusterEntity cluster, List<Pod> existing) {
    List<LivePod> live = new ArrayList<>();
    for (Pod pod : existing) {
      var meta = pod.getMetadata();
      var status = pod.getStatus();
      if (meta.getDeletionTimestamp() != null
          || meta.getUid() == null
          || status == null
          || !"Running".equals(status.getPhase())
          || status.getConditions() == null
          || status.getConditions().stream()
              .noneMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()))
          || pod.getSpec() == null
          || pod.getSpec().getContainers() == null
          || pod.getSpec().getContainers().isEmpty()) {
        continue;
      }
      String nodeType =
          meta.getLabels() == null
              ? null
              : meta.getLabels().get(ResourceNames.KUBERAY_NODE_TYPE_LABEL);
      Instant created =
          meta.getCreationTimestamp() == null
              ? Instant.EPOCH
              : Instant.parse(meta.getCreationTimestamp());
      live.add(
          new LivePod(
              cluster.getCloudEnv(),
              meta.getNamespace(),
              meta.getName(),
              meta.getUid(),
              nodeType,
              rayContainer(pod.getSpec().getContainers()),
              created));
    }
    return live;
  }

  /**
   * The container libraries and commands run in: the Ray container as rendered, wherever it is in
   * the pod. A webhook may put a sidecar first (a service mesh's proxy that must start before the
   * application), and the first container was then where installs and commands ran. A pod with
   * neither name (not one of ours as rendered) falls back to its first.
   */
  static String rayContainer(List<Container> containers) {
    return containers.stream()
        .map(Container::getName)
        .filter(
            name ->
                ResourceNames.RAY_HEAD_CONTAINER.equals(name)
                    || ResourceNames.RAY_WORKER_CONTAINER.equals(name))
        .findFirst()
        .orElse(containers.get(0).getName());
  }

  private static String key(PodTaskKind kind, String ref, String podUid) {
    return kind + "/" + ref + "/" + podUid;
  }
}
