package com.darwin.compute.core.jupyter;

import com.darwin.compute.core.cluster.RetriedOnConcurrentChange;
import com.darwin.compute.core.domain.ClusterConflictException;
import com.darwin.compute.core.store.IdBatches;
import com.darwin.compute.model.jupyter.JupyterPodAction;
import com.darwin.compute.model.jupyter.JupyterPodNames;
import com.darwin.compute.model.jupyter.JupyterPodStatus;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The database side of Jupyter pods, each method one transaction that also writes the timeline.
 * Nothing here talks to Kubernetes: objects are applied after the commit, by the caller.
 */
@Component
class JupyterPodStore {

  static final EnumSet<JupyterPodStatus> LIVE =
      EnumSet.of(JupyterPodStatus.CREATING, JupyterPodStatus.READY, JupyterPodStatus.FAILED);

  private static final char[] NAME_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

  private final JupyterPodRepository pods;
  private final JupyterPodEventRepository events;
  private final JupyterPodProperties properties;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  JupyterPodStore(
      JupyterPodRepository pods,
      JupyterPodEventRepository events,
      JupyterPodProperties properties,
      Clock clock) {
    this.pods = pods;
    this.events = events;
    this.properties = properties;
    this.clock = clock;
  }

  /** What an attach found or made. */
  record Attachment(JupyterPodEntity pod, boolean created, boolean alreadyAttached) {}

  /**
   * The consumer's pod; else the oldest free pod of the target, locked and attached in this
   * transaction; else a new row (its objects are applied after the commit). First attaches of a
   * target take its pool lock, so one consumer's concurrent attaches get one pod, the warm one. The
   * transaction is READ COMMITTED, which only its first statement can say: always a new one.
   *
   * @param mayComeBack throws when the caller may not be given the consumer's pod: checked before
   *     anything is written, so a refused caller does not even start its idle clock again
   */
  @Transactional(propagation = Propagation.REQUIRES_NEW)
  public Attachment attach(
      String consumer,
      String cloudEnv,
      String namespace,
      String actor,
      Consumer<JupyterPodEntity> mayComeBack) {
    pods.readCommittedFromHere();
    Instant now = clock.instant();
    Optional<JupyterPodEntity> own = pods.findByConsumerId(consumer);
    if (own.isPresent() && !consumer.equals(pods.lockConsumerOf(own.get().getName()))) {
      // Coming back, which is when the reaper may be deleting the pod it found idle: the row is
      // locked (by its key, as the reaper locks it) and read again after any reap or delete
      // holding it. One that committed released the consumer, who then gets a pod as a first
      // attach does, not the link of a deleted one. The first attach then takes the pool's lock
      // while this pod's is held, against the usual order (pool, then pods): safe, as only a
      // delete releases a consumer, and no holder of the pool's lock reads deleted pods.
      own = Optional.empty();
    }
    if (own.isEmpty()) {
      // A first attach: one at a time per target from here (the pool's row lock, as the keeper's
      // refill). Two attaches of one consumer at once otherwise took a free pod and, skipping it
      // while it was locked, created a cold one; the loser's retry then got the cold one. The read
      // after the lock is a current one: it sees an attach that committed while this one waited.
      lockPool(cloudEnv);
      own = pods.findCurrentByConsumerId(consumer);
    }
    if (own.isPresent()) {
      mayComeBack.accept(own.get());
      // Coming back is use: the idle clock starts again.
      pods.touch(own.get().getName(), now);
      return new Attachment(own.get(), false, true);
    }
    Optional<String> free = pods.lockOldestFree(cloudEnv);
    if (free.isPresent()) {
      JupyterPodEntity pod = pods.findLocked(free.get()).orElseThrow();
      pod.attach(consumer, actor, now);
      pods.saveAndFlush(pod);
      event(pod.getName(), JupyterPodAction.ATTACHED, "Attached to consumer " + consumer, actor);
      return new Attachment(pod, false, false);
    }
    // A new pod: under the pool's row lock taken above, so creations do not pile into the same
    // index gaps.
    JupyterPodEntity pod = new JupyterPodEntity(newName(), cloudEnv, namespace, now);
    pod.attach(consumer, actor, now);
    pods.saveAndFlush(pod);
    event(
        pod.getName(),
        JupyterPodAction.CREATED_FOR_CONSUMER,
        "No free pod in the pool of " + cloudEnv + "; created for consumer " + consumer,
        actor);
    return new Attachment(pod, true, false);
  }

  /**
   * Tops the target's free pods up to {@code size} and removes the surplus, under the pool's row
   * lock, so two keepers never both do it. While the target waits after failed pods of these
   * settings ({@link #poolPodFailed}) it makes none.
   *
   * @param podSettings what pods made now run ({@link JupyterPodDeployer#podSettings})
   * @return the pods created (to apply) and the pods removed (to delete)
   */
  @Transactional
  public PoolChange refill(
      String cloudEnv, String namespace, int size, String actor, String podSettings) {
    lockPool(cloudEnv);
    long free = pods.countFree(cloudEnv);
    Instant now = clock.instant();
    List<JupyterPodEntity> created = new ArrayList<>();
    // A free pod that failed keeps its place until the keeper has replaced it and counted it:
    // made for at once, a failing pool's pods were made again before its wait began.
    long taken = free + pods.countFreeFailed(cloudEnv);
    long wanted = taken < size && pods.poolWaiting(cloudEnv, now, podSettings) > 0 ? taken : size;
    for (long i = taken; i < wanted; i++) {
      JupyterPodEntity pod = new JupyterPodEntity(newName(), cloudEnv, namespace, now);
      pods.save(pod);
      event(
          pod.getName(),
          JupyterPodAction.CREATED_FOR_POOL,
          "The pool of " + cloudEnv + " had " + (taken + created.size()) + " of " + size + " free",
          actor);
      created.add(pod);
    }
    List<JupyterPodEntity> removed = new ArrayList<>();
    if (free > size) {
      List<String> surplus = pods.lockFreeYoungestFirst(cloudEnv);
      for (String name : surplus.subList(0, (int) Math.min(surplus.size(), free - size))) {
        JupyterPodEntity pod = pods.findLocked(name).orElseThrow();
        pod.delete(now, "Surplus of the pool (" + size + " kept free)");
        event(name, JupyterPodAction.SHRUNK, pod.getStatusMessage(), actor);
        removed.add(pod);
      }
    }
    pods.flush();
    return new PoolChange(created, removed);
  }

  record PoolChange(List<JupyterPodEntity> created, List<JupyterPodEntity> removed) {}

  /** A target's failed pods in a row, and until when its keeper makes or restarts none. */
  record PoolWait(int failedInARow, Instant until) {}

  /**
   * Counts a keeper pass that replaced pods of the target because they failed or never started (or
   * a reaper run that replaced pods whose servers did not answer), and makes the target wait the
   * longer for it ({@link JupyterPodProperties#failureBackoff}). Its own transaction, after the
   * replacement's: the pool's row is locked alone, never after a pod's (an attach locks the pool's
   * row, then pods).
   */
  @Transactional
  public PoolWait poolPodFailed(String cloudEnv, String podSettings) {
    lockPool(cloudEnv);
    // A streak of pods of other settings is not this one's: it starts again.
    int failed =
        pods.poolStreak(cloudEnv)
                .filter(
                    streak ->
                        streak.getFailedPodSettings() == null
                            || streak.getFailedPodSettings().equals(podSettings))
                .map(JupyterPodRepository.PoolStreak::getFailedInARow)
                .orElse(0)
            + 1;
    Instant now = clock.instant();
    Instant until = now.plus(properties.failureBackoff(failed));
    pods.recordPoolFailures(cloudEnv, failed, until, now, podSettings);
    return new PoolWait(failed, until);
  }

  /** Whether the target waits out a streak of failed pods of these settings. */
  @Transactional(readOnly = true)
  public boolean poolWaiting(String cloudEnv, String podSettings) {
    return pods.poolWaiting(cloudEnv, clock.instant(), podSettings) > 0;
  }

  /**
   * Ends the failure streaks of the targets that are healthy again, and answers the targets that
   * still wait. A target is healthy again once one of its pods, turned ready after the streak's
   * last failure, has stayed ready for {@code healthy-after} with no probe of it unanswered: ending
   * it on any pod turning ready let a server that crashes soon after it starts reset the wait at
   * every start. A target whose streak is of pods of other settings than this replica makes ({@code
   * podSettingsOf}; a broken image replaced by a new deployment of the control plane) does not wait
   * for this replica: its pods are not those that failed. The streak itself stands (another replica
   * may still make those pods) until it ends as any does. One statement (and one more per target
   * whose streak ends).
   */
  @Transactional
  public Set<String> waitingPoolsEndingHealthyStreaks(Function<String, String> podSettingsOf) {
    Instant now = clock.instant();
    Set<String> waiting = new HashSet<>();
    for (Object[] pool : pods.failingPools(now, now.minus(properties.healthyAfter()))) {
      String cloudEnv = (String) pool[0];
      if (truth(pool[2]) && pods.clearPoolFailures(cloudEnv, ((Number) pool[3]).intValue()) > 0) {
        continue;
      }
      boolean ofTheseSettings =
          pool[4] == null || pool[4].toString().equals(podSettingsOf.apply(cloudEnv));
      if (truth(pool[1]) && ofTheseSettings) {
        waiting.add(cloudEnv);
      }
    }
    return waiting;
  }

  private static boolean truth(Object value) {
    return value instanceof Boolean b ? b : value instanceof Number n && n.intValue() != 0;
  }

  /**
   * Records a status the watches observed of a pod generation ({@code restarts}); false when it was
   * already recorded, the pod is gone or the row has moved on to another generation (a judgement of
   * the replaced pod must not mark its fresh one failed). Run again when it loses a race with the
   * Jupyter prober or a request writing the same row.
   */
  @RetriedOnConcurrentChange
  @Transactional
  public boolean observe(
      String name, int generation, JupyterPodStatus status, String message, String actor) {
    Optional<JupyterPodEntity> found = pods.findById(name);
    if (found.isEmpty()
        || found.get().getRestarts() != generation
        || !found.get().getStatus().isLive()
        || found.get().getStatus() == status) {
      return false;
    }
    JupyterPodEntity pod = found.get();
    pod.observed(status, message, clock.instant());
    JupyterPodAction action =
        switch (status) {
          case READY -> JupyterPodAction.READY;
          case FAILED -> JupyterPodAction.FAILED;
          default -> null;
        };
    if (action != null) {
      event(name, action, message, actor);
    }
    return true;
  }

  /** A new pod generation (restart, replacement): the Deployment rolls to it once applied. */
  @Transactional
  public JupyterPodEntity restart(
      String name, JupyterPodAction action, String message, String actor) {
    return restarted(live(name), action, message, actor);
  }

  private JupyterPodEntity restarted(
      JupyterPodEntity pod, JupyterPodAction action, String message, String actor) {
    pod.restart(clock.instant(), message, action == JupyterPodAction.RESTARTED);
    event(pod.getName(), action, message, actor);
    return pod;
  }

  /**
   * A replaced pod as it is now, and whether it was deleted (free, or attached and reaped) or
   * restarted (attached); {@code reaped}: deleted as an attached pod idle past {@code max-idle}.
   */
  record Replacement(JupyterPodEntity pod, boolean deleted, boolean reaped) {}

  /**
   * Replaces a pod whose server failed or never started, judged on its row as it is now, locked: an
   * attached pod gets a fresh server under the same name, a free one is deleted. The keeper and the
   * reaper judge from rows read earlier in their pass; a consumer who attached since (an attach
   * waits for this lock, then passes over a pod deleted here) would have had the pod deleted under
   * the link it was just given. Only the generation judged ({@code restarts}) is replaced: the
   * keeper and the reaper can both judge the same failed pod, and the second must not replace the
   * fresh pod the first made.
   *
   * @param mayRestart whether an attached pod may be restarted (else it is left as it is: empty,
   *     unless it is reaped as idle)
   * @param serverDown its server failed or never started (not one that runs but does not answer):
   *     nobody can be using it, so an attached pod idle past {@code max-idle} is reaped
   * @return the replacement, or empty when the row had already moved on to another generation
   */
  @Transactional
  public Optional<Replacement> replace(
      String name,
      int generation,
      String reason,
      String actor,
      boolean mayRestart,
      boolean serverDown) {
    JupyterPodEntity pod =
        pods.findLocked(name).orElseThrow(() -> new JupyterPodNotFoundException(name));
    if (!pod.getStatus().isLive()) {
      throw new ClusterConflictException("Jupyter pod " + name + " was deleted");
    }
    if (pod.getRestarts() != generation) {
      return Optional.empty();
    }
    Instant idleBefore = clock.instant().minus(properties.maxIdle());
    if (serverDown && pod.isAttached() && pod.getLastActivity().isBefore(idleBefore)) {
      // Its server down and nobody using it for max-idle: reaped as an idle pod is, its consumer
      // released, rather than restarted for good (also while its target waits). Not a server that
      // runs but does not answer the probes: its user may be at work, unseen.
      String message =
          "Idle since "
              + pod.getLastActivity()
              + " (longer than "
              + properties.maxIdle()
              + "), its server down: "
              + reason;
      return Optional.of(
          new Replacement(deleted(pod, JupyterPodAction.REAPED, message, actor), true, true));
    }
    if (pod.isAttached() && !mayRestart) {
      return Optional.empty();
    }
    if (pod.isAttached()) {
      return Optional.of(
          new Replacement(restarted(pod, JupyterPodAction.REPLACED, reason, actor), false, false));
    }
    return Optional.of(
        new Replacement(
            deleted(pod, JupyterPodAction.REPLACED, reason + "; the pool makes another", actor),
            true,
            false));
  }

  /**
   * Deletes an attached pod that has been idle since before {@code idleBefore}, judged on its row
   * now (locked): a use or an attach after the reaper's probe keeps it.
   *
   * @return the deleted pod, or empty when it was kept
   */
  @Transactional
  public Optional<JupyterPodEntity> reapIfIdle(
      String name, Instant idleBefore, String reason, String actor) {
    return pods.findLocked(name)
        .filter(p -> p.getStatus().isLive())
        .filter(JupyterPodEntity::isAttached)
        .filter(p -> p.getLastActivity().isBefore(idleBefore))
        .map(pod -> deleted(pod, JupyterPodAction.REAPED, reason, actor));
  }

  /** Marks a pod deleted and releases its consumer; its objects are deleted after the commit. */
  @Transactional
  public JupyterPodEntity delete(
      String name, JupyterPodAction action, String message, String actor) {
    return deleted(live(name), action, message, actor);
  }

  private JupyterPodEntity deleted(
      JupyterPodEntity pod, JupyterPodAction action, String message, String actor) {
    String consumer = pod.getConsumerId();
    pod.delete(clock.instant(), message);
    event(
        pod.getName(),
        action,
        consumer == null ? message : message + "; consumer " + consumer + " released",
        actor);
    return pod;
  }

  /**
   * What one probe of a pod generation's Jupyter server found ({@code restarts}: a probe of the
   * replaced server that ends after its replacement counts for nothing). Run again when it loses a
   * race with a status the watches observed or a request writing the same row.
   */
  @RetriedOnConcurrentChange
  @Transactional
  public ProbeOutcome probed(String name, int generation, Instant lastActivity, boolean answered) {
    return outcome(
        pods.findById(name).orElse(null), new Probe(name, generation, lastActivity, answered));
  }

  /**
   * {@link #probed} of a pass's probes together, in one transaction: their rows read in one
   * statement, the changed ones written in one batch at the commit (a pass over many pods cost a
   * read and a transaction for each). Run again, all of them, when one loses a race as {@link
   * #probed} does.
   *
   * @return the outcome of each probe, by pod name
   */
  @RetriedOnConcurrentChange
  @Transactional
  public Map<String, ProbeOutcome> probedAll(Collection<Probe> probes) {
    Map<String, JupyterPodEntity> rows = new HashMap<>();
    for (List<String> batch : IdBatches.of(probes.stream().map(Probe::name).toList())) {
      pods.findAllById(batch).forEach(pod -> rows.put(pod.getName(), pod));
    }
    Map<String, ProbeOutcome> outcomes = new HashMap<>();
    for (Probe probe : probes) {
      outcomes.put(probe.name(), outcome(rows.get(probe.name()), probe));
    }
    return outcomes;
  }

  private static ProbeOutcome outcome(JupyterPodEntity pod, Probe probe) {
    if (pod == null
        || pod.getRestarts() != probe.generation()
        || pod.getStatus() != JupyterPodStatus.READY) {
      return new ProbeOutcome(null, 0);
    }
    if (!probe.answered()) {
      return new ProbeOutcome(pod, pod.probeFailed());
    }
    pod.probeAnswered();
    pod.used(probe.lastActivity());
    return new ProbeOutcome(pod, 0);
  }

  /**
   * What one probe of a pod generation's Jupyter server found.
   *
   * @param lastActivity when the server was last used, if it answered
   */
  record Probe(String name, int generation, Instant lastActivity, boolean answered) {}

  record ProbeOutcome(JupyterPodEntity pod, int failedProbes) {}

  @Transactional
  public void recordRepair(String name, String message, String actor) {
    event(name, JupyterPodAction.REPAIRED, message, actor);
  }

  @Transactional(readOnly = true)
  public Optional<JupyterPodEntity> find(String name) {
    return pods.findById(name);
  }

  /** The rows of these pods that exist, by name; read in id batches. */
  @Transactional(readOnly = true)
  public Map<String, JupyterPodEntity> findAll(Collection<String> names) {
    Map<String, JupyterPodEntity> found = new HashMap<>();
    for (List<String> batch : IdBatches.of(names)) {
      pods.findAllById(batch).forEach(pod -> found.put(pod.getName(), pod));
    }
    return found;
  }

  @Transactional(readOnly = true)
  public List<JupyterPodEntity> live() {
    return pods.findByStatusInOrderByCreatedAtAscNameAsc(LIVE);
  }

  @Transactional(readOnly = true)
  public List<JupyterPodEntity> all(boolean withDeleted) {
    return withDeleted
        ? pods.findByStatusInOrderByCreatedAtAscNameAsc(EnumSet.allOf(JupyterPodStatus.class))
        : live();
  }

  @Transactional(readOnly = true)
  public List<JupyterPodEventEntity> timeline(String name) {
    return events.findByPodNameOrderByIdAsc(name);
  }

  /**
   * Locks the pool's row, registering it first when it is missing. Locking before registering:
   * INSERT IGNORE takes a shared lock on an existing row, and two transactions each holding one and
   * asking for the exclusive lock would deadlock.
   */
  private void lockPool(String cloudEnv) {
    if (pods.lockPool(cloudEnv) == null) {
      pods.registerPool(cloudEnv);
      pods.lockPool(cloudEnv);
    }
  }

  private JupyterPodEntity live(String name) {
    JupyterPodEntity pod =
        pods.findById(name).orElseThrow(() -> new JupyterPodNotFoundException(name));
    if (!pod.getStatus().isLive()) {
      throw new ClusterConflictException("Jupyter pod " + name + " was deleted");
    }
    return pod;
  }

  private void event(String name, JupyterPodAction action, String message, String actor) {
    events.save(new JupyterPodEventEntity(name, clock.instant(), action, message, actor));
  }

  private String newName() {
    StringBuilder name = new StringBuilder(JupyterPodNames.PREFIX);
    for (int i = 0; i < 16; i++) {
      name.append(NAME_CHARS[random.nextInt(NAME_CHARS.length)]);
    }
    return name.toString();
  }
}
