package com.darwin.compute.core.jupyter;

import com.darwin.compute.core.access.AccessDeniedException;
import com.darwin.compute.core.access.Caller;
import com.darwin.compute.core.access.KnownUsers;
import com.darwin.compute.core.cluster.RetriedOnConcurrentChange;
import com.darwin.compute.core.domain.InvalidRequestException;
import com.darwin.compute.core.kube.KubernetesTarget;
import com.darwin.compute.core.kube.KubernetesTargets;
import com.darwin.compute.core.kube.apply.ApplyResult;
import com.darwin.compute.core.store.LockWaitTimeout;
import com.darwin.compute.core.store.StatementTimeLimit;
import com.darwin.compute.model.jupyter.JupyterLink;
import com.darwin.compute.model.jupyter.JupyterPodAction;
import com.darwin.compute.model.jupyter.JupyterPodEvent;
import com.darwin.compute.model.jupyter.JupyterPodNames;
import com.darwin.compute.model.jupyter.JupyterPodStatus;
import com.darwin.compute.model.jupyter.JupyterPodView;
import com.darwin.compute.model.jupyter.JupyterRestarted;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.stereotype.Service;

/**
 * Standalone Jupyter pods for consumers (the workspace service's codespaces): attach, links,
 * restart, listing and deletion. Rows change in one transaction each ({@link JupyterPodStore});
 * Kubernetes is written after the commit, and a failed write is repaired by the pool keeper.
 */
@Service
public class JupyterPodService {

  private static final Logger log = LoggerFactory.getLogger(JupyterPodService.class);
  private static final int ATTACH_ATTEMPTS = 8;

  private final JupyterPodStore store;
  private final JupyterPodDeployer deployer;
  private final JupyterPodLinks links;
  private final KubernetesTargets targets;
  private final JupyterPodProperties properties;
  private final KnownUsers users;

  JupyterPodService(
      JupyterPodStore store,
      JupyterPodDeployer deployer,
      JupyterPodLinks links,
      KubernetesTargets targets,
      JupyterPodProperties properties,
      KnownUsers users) {
    this.store = store;
    this.deployer = deployer;
    this.links = links;
    this.targets = targets;
    this.properties = properties;
    this.users = users;
  }

  /** An attach's answer and the message for the envelope. */
  public record Attached(JupyterLink link, String message) {}

  /**
   * The consumer's pod, else the oldest free pod of the pool (attached atomically), else a new pod
   * (its link works once it is ready).
   */
  public Attached attach(String consumerId, Caller caller) {
    KubernetesTarget target = targets.get(targetName());
    JupyterPodStore.Attachment attachment = null;
    long began = System.nanoTime();
    // Races (a deadlock, the same consumer attaching at once, a job changing its pod) are run again
    // a few times; waits for rows others hold, within compute.jupyter-pods.attach-lock-wait, apart
    // from them.
    int races = 0;
    while (attachment == null) {
      try {
        attachment =
            store.attach(
                consumerId,
                target.name(),
                target.namespace(),
                caller.actor().name(),
                pod -> requireMayComeBack(pod, consumerId, caller));
      } catch (QueryTimeoutException | PessimisticLockingFailureException busy) {
        if (busy instanceof PessimisticLockingFailureException
            && !LockWaitTimeout.isCauseOf(busy)) {
          // InnoDB chose this transaction as a deadlock victim among concurrent attaches.
          if (++races >= ATTACH_ATTEMPTS) {
            throw busy;
          }
          pause(races);
          continue;
        }
        // A free pod's row held past the bound of the locking read that waits for it (its query
        // timeout, or the session's lock wait timeout, whichever ends first): tried again with the
        // pool's lock released meanwhile. Rows are held for milliseconds; one held for seconds on
        // end is answered as a concurrent change (409), not as an incident.
        if (System.nanoTime() - began >= properties.attachLockWait().toNanos()) {
          throw new CannotAcquireLockException(
              "A free Jupyter pod stayed locked by another transaction", busy);
        }
      } catch (DataIntegrityViolationException | OptimisticLockingFailureException e) {
        // The same consumer attached concurrently and won (the next attempt finds its pod), or a
        // job changed the consumer's own pod meanwhile.
        if (++races >= ATTACH_ATTEMPTS) {
          throw e;
        }
        pause(races);
      } catch (DataAccessException e) {
        // The locking read's query timeout, reported by the driver as the server's "interrupted"
        // (its cancel answered before the driver's timer marked it): the same wait run out.
        if (!StatementTimeLimit.isCauseOf(e)) {
          throw e;
        }
        if (System.nanoTime() - began >= properties.attachLockWait().toNanos()) {
          throw new CannotAcquireLockException(
              "A free Jupyter pod stayed locked by another transaction", e);
        }
      }
    }
    JupyterPodEntity pod = attachment.pod();
    if (attachment.created()) {
      applyQuietly(pod, false);
    }
    String message =
        pod.getStatus() == JupyterPodStatus.READY
            ? "Started Jupyter Client"
            : "Jupyter pod " + pod.getName() + " is starting; the link works once it is ready";
    return new Attached(new JupyterLink(links.link(pod), pod.getName(), pod.getStatus()), message);
  }

  /**
   * A consumer's pod (and its link, which is all it takes to open its server behind the gateway)
   * goes back to whoever attached it (a delegate's attach for alice is alice's), admins, and a
   * delegate acting as itself: consumer ids are the workspace's {@code <project>-<codespace>},
   * easily guessed. A delegate acting for a user gets only that user's pod, or one a delegate
   * attached as itself: acting for alice, it must not hand her a server bob attached first and can
   * open again. The answer names neither the pod nor who attached it.
   */
  private void requireMayComeBack(JupyterPodEntity pod, String consumerId, Caller caller) {
    if (!mayComeBack(pod, caller)) {
      throw new AccessDeniedException(
          "jupyter",
          "You ("
              + caller.user()
              + ") may not attach to consumer "
              + consumerId
              + ": its Jupyter pod was attached by someone else, and only they, delegates and"
              + " admins may");
    }
  }

  private boolean mayComeBack(JupyterPodEntity pod, Caller caller) {
    String attacher = Caller.userSigned(pod.getAttachedBy());
    if (caller.admin() || Objects.equals(caller.user(), attacher)) {
      return true;
    }
    if (!caller.delegate()) {
      return false;
    }
    // Acting as itself, a delegate is trusted with every pod; acting for a user, only with one a
    // delegate attached as itself (signed by its own name alone).
    return caller.onBehalfOf() == null
        || (Objects.equals(attacher, pod.getAttachedBy()) && users.isDelegate(attacher));
  }

  /** Whoever attached the pod (a delegate for alice: alice too), delegates and admins. */
  private static boolean mayUse(JupyterPodEntity pod, Caller caller) {
    return caller.trusted()
        || Objects.equals(caller.user(), Caller.userSigned(pod.getAttachedBy()));
  }

  /** {@code GET /jupyter/path/{release}}: the link of an existing pod. */
  public JupyterLink path(String name) {
    JupyterPodEntity pod = find(name);
    return new JupyterLink(links.link(pod), pod.getName(), pod.getStatus());
  }

  /**
   * Recreates the pod's server under the same name and link. Allowed to whoever attached it, to
   * delegates (the workspace service) and to admins.
   */
  // Retried whole on a lost race: the pod is read and the caller's right checked again. Not the
  // store's restart and delete themselves: the keeper's replace and the reaper decided on a free or
  // idle pod, and a retry of theirs would act on a pod just attached or restarted.
  @RetriedOnConcurrentChange
  public JupyterRestarted restart(String name, String cloudEnv, Caller caller) {
    JupyterPodEntity found = find(name);
    if (cloudEnv != null && !cloudEnv.isBlank() && !cloudEnv.equals(found.getCloudEnv())) {
      throw new InvalidRequestException(
          "cloud_env",
          "is " + cloudEnv + " but Jupyter pod " + name + " runs on " + found.getCloudEnv());
    }
    if (!mayUse(found, caller)) {
      throw new AccessDeniedException(
          "jupyter",
          "You ("
              + caller.user()
              + ") may not restart Jupyter pod "
              + name
              + ": only whoever attached it, delegates and admins may");
    }
    JupyterPodEntity pod =
        store.restart(name, JupyterPodAction.RESTARTED, "Restart requested", caller.actor().name());
    applyQuietly(pod, true);
    return new JupyterRestarted(
        new JupyterRestarted.Result(
            links.link(pod), "Jupyter pod " + name + " is restarting", null));
  }

  public List<JupyterPodView> list(boolean withDeleted) {
    return store.all(withDeleted).stream().map(pod -> view(pod, null)).toList();
  }

  public JupyterPodView get(String name) {
    JupyterPodEntity pod = find(name);
    List<JupyterPodEvent> timeline =
        store.timeline(name).stream()
            .map(e -> new JupyterPodEvent(e.getAt(), e.getAction(), e.getMessage(), e.getActor()))
            .toList();
    return view(pod, timeline);
  }

  /** Deletes a pod (operators); its consumer is released and gets a new pod on its next attach. */
  @RetriedOnConcurrentChange
  public JupyterPodView delete(String name, Caller caller) {
    find(name);
    JupyterPodEntity pod =
        store.delete(name, JupyterPodAction.DELETED, "Deleted", caller.actor().name());
    // The pod is deleted: its row says so, and a retry would be a 409. What survives in
    // Kubernetes, the pool keeper deletes (it finishes every deleted pod's objects).
    removeObjects(pod);
    return view(pod, null);
  }

  /** The objects applied for a pod, as applied. */
  public JupyterPodManifest manifest(String name) {
    return new JupyterPodManifest(name, deployer.manifest(find(name)));
  }

  /** What a new pod of the pool would be made of. */
  public JupyterPodManifest preview() {
    String name = JupyterPodNames.PREFIX + "preview000000000";
    return new JupyterPodManifest(name, deployer.preview(targetName(), name));
  }

  /**
   * {@link #replace(JupyterPodEntity, String, String, boolean, boolean)}, attached pods restarted,
   * its server taken as down.
   */
  boolean replace(JupyterPodEntity pod, String reason, String actor) {
    return replace(pod, reason, actor, true, true);
  }

  /**
   * Gives a pod whose server failed, stopped answering or never started a fresh one: an attached
   * pod is recreated under the same name and link; a free one is deleted (the pool makes another).
   * Only the generation the caller judged: nothing when the pod was replaced since.
   *
   * <p>An attached pod whose server is down and that nobody has used for {@code max-idle} is reaped
   * instead, as the reaper reaps an idle pod whose server answers (whatever {@code mayRestart}
   * says).
   *
   * @param mayRestart whether an attached pod may be restarted (else only a free one is replaced)
   * @param serverDown its server failed or never started, rather than runs without answering the
   *     probes
   * @return true when this replaced the pod (false: it had moved on to another generation, was left
   *     attached, was reaped as idle, or the replacement failed)
   */
  boolean replace(
      JupyterPodEntity pod, String reason, String actor, boolean mayRestart, boolean serverDown) {
    try {
      // Attached or free as the row is now, not as the caller read it.
      Optional<JupyterPodStore.Replacement> replaced =
          store.replace(pod.getName(), pod.getRestarts(), reason, actor, mayRestart, serverDown);
      replaced.ifPresent(
          r -> {
            if (r.deleted()) {
              deployer.delete(r.pod());
            } else {
              applyQuietly(r.pod(), true);
            }
          });
      return replaced.isPresent() && !replaced.get().reaped();
    } catch (RuntimeException e) {
      log.warn("Replacing Jupyter pod {} failed: {}", pod.getName(), e.toString());
      return false;
    }
  }

  /**
   * Deletes an attached pod idle since before {@code idleBefore} and releases its consumer, unless
   * it was used or attached again since the reaper looked.
   */
  void reap(JupyterPodEntity pod, Instant idleBefore, String reason, String actor) {
    store.reapIfIdle(pod.getName(), idleBefore, reason, actor).ifPresent(deployer::delete);
  }

  void apply(JupyterPodEntity pod, boolean recheck) {
    applyQuietly(pod, recheck);
  }

  String targetName() {
    return properties.target() == null ? targets.defaultTargetName() : properties.target();
  }

  private JupyterPodEntity find(String name) {
    if (!JupyterPodNames.isValid(name)) {
      throw new InvalidRequestException("release_name", JupyterPodNames.MESSAGE);
    }
    return store.find(name).orElseThrow(() -> new JupyterPodNotFoundException(name));
  }

  private static void pause(int attempt) {
    try {
      Thread.sleep(ThreadLocalRandom.current().nextLong(5, 20L * attempt + 10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void applyQuietly(JupyterPodEntity pod, boolean recheck) {
    try {
      applyWhileLive(pod, recheck);
    } catch (RuntimeException e) {
      // The row is committed: the keeper applies it on its next pass.
      log.warn(
          "Applying Jupyter pod {} failed; the pool keeper retries: {}",
          pod.getName(),
          e.toString());
    }
  }

  /**
   * Applies a pod's objects, then reads its row again. A pod deleted (by an operator or the reaper)
   * while the apply ran may have been deleted before the apply created anything, which then made
   * objects for a pod nobody holds, even if it failed half-way: they are removed now rather than at
   * the keeper's next pass. A pod restarted (or replaced) while it ran gets its new generation
   * applied again: this apply, of the generation read before, may have finished after the restart's
   * own.
   *
   * @return what the last apply did; empty when the pod was deleted meanwhile
   * @throws RuntimeException the apply's failure, for a pod still live
   */
  Optional<ApplyResult> applyWhileLive(JupyterPodEntity pod, boolean recheck) {
    ApplyResult result = null;
    RuntimeException failed = null;
    try {
      result = deployer.apply(pod, recheck);
    } catch (RuntimeException e) {
      failed = e;
    }
    JupyterPodEntity now = readAgain(pod);
    if (!now.getStatus().isLive()) {
      removeObjectsOfDeleted(pod);
      return Optional.empty();
    }
    if (now.getRestarts() != pod.getRestarts()) {
      log.info(
          "Jupyter pod {} was restarted while generation {} was applied; applying generation {}",
          pod.getName(),
          pod.getRestarts(),
          now.getRestarts());
      try {
        return Optional.of(deployer.applyOverCurrent(now));
      } catch (RuntimeException e) {
        if (failed != null) {
          e.addSuppressed(failed);
        }
        throw e;
      }
    }
    if (failed != null) {
      throw failed;
    }
    return Optional.of(result);
  }

  /**
   * Writes the Service and NetworkPolicy of a pod whose Deployment is current, then reads its row
   * again: a pod deleted meanwhile has its objects removed rather than given new ones.
   *
   * @throws RuntimeException the write's failure, for a pod still live
   */
  void applyOwnedObjectsWhileLive(JupyterPodEntity pod, Deployment live, boolean recheck) {
    RuntimeException failed = null;
    try {
      deployer.applyOwnedObjects(pod, live, recheck);
    } catch (RuntimeException e) {
      failed = e;
    }
    if (!readAgain(pod).getStatus().isLive()) {
      removeObjectsOfDeleted(pod);
      return;
    }
    if (failed != null) {
      throw failed;
    }
  }

  private void removeObjectsOfDeleted(JupyterPodEntity pod) {
    log.info(
        "Jupyter pod {} was deleted while it was applied; removing its objects", pod.getName());
    removeObjects(pod);
  }

  /**
   * The pod's row as it is now; when it cannot be read (or is gone, which a pod never is), the row
   * as it was read before: taken as live and unchanged.
   */
  private JupyterPodEntity readAgain(JupyterPodEntity pod) {
    try {
      return store.find(pod.getName()).orElse(pod);
    } catch (RuntimeException e) {
      // The row is committed either way: if it was deleted, the keeper finishes its objects.
      log.warn("Reading Jupyter pod {} after applying it failed: {}", pod.getName(), e.toString());
      return pod;
    }
  }

  private void removeObjects(JupyterPodEntity pod) {
    try {
      deployer.delete(pod);
    } catch (RuntimeException e) {
      log.warn(
          "Removing the objects of deleted Jupyter pod {} failed; the pool keeper retries: {}",
          pod.getName(),
          e.toString());
    }
  }

  private JupyterPodView view(JupyterPodEntity pod, List<JupyterPodEvent> timeline) {
    return new JupyterPodView(
        pod.getName(),
        pod.getCloudEnv(),
        pod.getNamespace(),
        pod.getConsumerId(),
        pod.getAttachedBy(),
        pod.getStatus(),
        pod.getStatusMessage(),
        links.link(pod),
        pod.getRestarts(),
        pod.getCreatedAt(),
        pod.getAttachedAt(),
        pod.getReadyAt(),
        pod.getLastActivity(),
        pod.getDeletedAt(),
        timeline);
  }
}
