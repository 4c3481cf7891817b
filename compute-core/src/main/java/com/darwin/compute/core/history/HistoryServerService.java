package com.darwin.compute.core.history;

import com.darwin.compute.core.access.AccessDeniedException;
import com.darwin.compute.core.access.Caller;
import com.darwin.compute.core.access.ClusterAccessService;
import com.darwin.compute.core.access.ClusterOperation;
import com.darwin.compute.core.domain.InvalidRequestException;
import com.darwin.compute.core.kube.KubernetesErrors;
import com.darwin.compute.core.render.history.RenderedHistoryServer;
import com.darwin.compute.core.store.ClusterRepository;
import com.darwin.compute.model.history.HistoryServerAction;
import com.darwin.compute.model.history.HistoryServerRequest;
import com.darwin.compute.model.history.HistoryServerView;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.stereotype.Service;

/**
 * Spark History Servers: one per resource, applied as a Deployment and a Service, followed through
 * the watch of the Deployment, stopped by users or when their time to live ends.
 */
@Service
public class HistoryServerService {

  /** Tries of a start that met other changes of the same resource's server. */
  private static final int START_ATTEMPTS = 4;

  /** The id previews are rendered with: a server has no id before it is created. */
  public static final String PREVIEW_ID = "shs-preview000000000";

  public static final int MAX_PAGE = 1000;
  public static final int MAX_OFFSET = 100_000;

  private static final Logger log = LoggerFactory.getLogger(HistoryServerService.class);

  private final HistoryServerRequests requests;
  private final HistoryServerStore store;
  private final HistoryServerDeployer deployer;
  private final HistoryServerLinks links;
  private final ClusterAccessService access;
  private final ClusterRepository clusters;

  public HistoryServerService(
      HistoryServerRequests requests,
      HistoryServerStore store,
      HistoryServerDeployer deployer,
      HistoryServerLinks links,
      ClusterAccessService access,
      ClusterRepository clusters) {
    this.requests = requests;
    this.store = store;
    this.deployer = deployer;
    this.links = links;
    this.access = access;
    this.clusters = clusters;
  }

  /** What a create did, with the server id. */
  public record Created(String serverId, HistoryServerStore.Outcome outcome) {}

  public Created create(HistoryServerRequest request, Caller caller) {
    HistoryServerPlan plan = requests.plan(request, caller);
    HistoryServerStore.Started started = null;
    for (int attempt = 1; started == null; attempt++) {
      try {
        started = store.start(plan, caller.actor());
      } catch (DataIntegrityViolationException | OptimisticLockingFailureException e) {
        // Another request made (or restarted, stopped, extended) the resource's server at the same
        // moment: read again, it is the one asked for. Several at once may each win once.
        if (attempt >= START_ATTEMPTS) {
          throw e;
        }
      }
    }
    if (started.outcome() != HistoryServerStore.Outcome.EXISTS) {
      applyStarted(started);
    }
    return new Created(started.server().getId(), started.outcome());
  }

  /**
   * Applies the objects of a start, then looks at the row again. The apply holds no lock (it waits
   * on the Kubernetes API; a row lock held that long would fail the statements waiting on it), so a
   * stop, a delete or another start of the server may land while it runs: what the row says
   * afterwards wins, also when the apply failed (its clean-up deletes by name, so possibly what a
   * newer start made).
   */
  void applyStarted(HistoryServerStore.Started started) {
    HistoryServerEntity server = started.server();
    HistoryServerUnavailableException unavailable = null;
    try {
      if (started.outcome() == HistoryServerStore.Outcome.RESTARTED) {
        // A failed server's Deployment may still be there, stuck past its progress deadline:
        // a new one starts from scratch, as a new Deployment does.
        deployer.deleteNow(server);
      }
      deployer.applyNow(server);
    } catch (RuntimeException e) {
      unavailable =
          e instanceof HistoryServerUnavailableException u
              ? u
              : new HistoryServerUnavailableException(
                  "Spark History Server "
                      + server.getId()
                      + " could not be started: "
                      + KubernetesErrors.summary(e),
                  e);
    }
    try {
      // A failed start of its own is the whole story: the apply's clean-up removed its objects.
      boolean ownFailure =
          unavailable != null
              && store.failed(server.getId(), server.getStartedAt(), unavailable.getMessage());
      if (!ownFailure) {
        settleAfterApply(server);
      }
    } catch (RuntimeException e) {
      log.warn(
          "Spark History Server {}: settling its row after the start's apply failed: {}",
          server.getId(),
          e.toString());
    }
    if (unavailable != null) {
      throw unavailable;
    }
  }

  /**
   * A stop or delete that landed during the apply may have found nothing to delete yet, and a newer
   * start's apply may have run before this older one: each is put right here. A stop, delete or
   * start that lands after this read acts after the apply, and so on what it made.
   */
  private void settleAfterApply(HistoryServerEntity applied) {
    String id = applied.getId();
    Optional<HistoryServerEntity> now = store.find(id);
    if (now.isPresent() && now.get().getStatus().running()) {
      if (!now.get().getStartedAt().equals(applied.getStartedAt())) {
        // Started again meanwhile, with what another request said: its objects are applied
        // again as that start describes them (and this one's removed from a target it left),
        // unless it changed again since.
        store.whileStill(
            id,
            current ->
                current.getStatus().running()
                    && current.getStartedAt().equals(now.get().getStartedAt()),
            current -> {
              if (!sameTarget(applied, current)) {
                deployer.deleteNow(applied);
              }
              deployer.applyNow(current);
            });
      }
      return;
    }
    // Stopped, or deleted, while the start applied: what it made goes, unless it was started
    // again since (that start applies its own).
    boolean removed =
        now.isPresent()
            && store.whileStill(
                id,
                current -> !current.getStatus().running(),
                current -> deployer.deleteNow(applied));
    if (!removed && store.find(id).isEmpty()) {
      // Deleted: an id is never started again (a new start of the resource gets a new one), and
      // the repair pass only looks at servers with a row, so this is the last chance.
      deployer.deleteNow(applied);
      removed = true;
    }
    if (removed) {
      log.info("Spark History Server {} was stopped while it started; removed its objects", id);
    }
  }

  private static boolean sameTarget(HistoryServerEntity a, HistoryServerEntity b) {
    return a.getCloudEnv().equals(b.getCloudEnv()) && a.getNamespace().equals(b.getNamespace());
  }

  public HistoryServerView stop(String id, Caller caller) {
    HistoryServerEntity server = store.get(id);
    requireManage(server, caller, "stop");
    HistoryServerEntity stopped = store.stop(id, caller.actor());
    deleteObjects(stopped);
    return view(stopped);
  }

  /**
   * Deletes a server that is not running, its objects first (on every target where the watches see
   * some of them, not only its own). A failed server keeps its Deployment (the repair pass removes
   * it within an interval), and a stop whose delete failed leaves its objects for that pass; the
   * pass only looks at servers it has a row for, so a row deleted first left them running for good.
   * If they cannot be deleted now, the row stays (503). A server whose target was removed from the
   * configuration is deleted without its objects, which nothing here can reach any more ({@link
   * HistoryServerDeployer#deleteNow} warns).
   */
  public void delete(String id, Caller caller) {
    HistoryServerEntity server = store.get(id);
    requireManage(server, caller, "delete");
    store.whileStill(
        id,
        current -> !current.getStatus().running(),
        stopped -> {
          try {
            deployer.deleteEverywhere(stopped);
          } catch (RuntimeException e) {
            throw new HistoryServerUnavailableException(
                "Spark History Server "
                    + id
                    + " could not be deleted: "
                    + KubernetesErrors.summary(e),
                e);
          }
        });
    store.delete(id);
  }

  public HistoryServerView extend(String id, Integer ttl, Caller caller) {
    if (ttl == null) {
      throw new InvalidRequestException("ttl", "is required");
    }
    HistoryServerEntity server = store.get(id);
    requireManage(server, caller, "extend");
    requests.checkTtl(ttl);
    return view(store.extend(id, ttl, caller.actor()));
  }

  public List<HistoryServerView> list(int limit, int offset, boolean activeOnly) {
    if (limit < 1 || limit > MAX_PAGE) {
      throw new InvalidRequestException("limit", "must be between 1 and " + MAX_PAGE);
    }
    if (offset < 0 || offset > MAX_OFFSET) {
      throw new InvalidRequestException("offset", "must be between 0 and " + MAX_OFFSET);
    }
    return store.list(limit, offset, activeOnly).stream().map(this::view).toList();
  }

  public HistoryServerView get(String id) {
    return view(store.get(id));
  }

  public HistoryServerView byResource(String resource) {
    return view(store.byResource(resource));
  }

  public List<HistoryServerAction> timeline(String id) {
    return store.timeline(id).stream()
        .map(
            a ->
                new HistoryServerAction(
                    a.getAction().label(), a.getMessage(), a.getActor(), a.getCreatedAt()))
        .toList();
  }

  /**
   * The objects applied for a server (for a stopped one: what starting it again applies, but for
   * the start's instant its Deployment carries).
   */
  public RenderedHistoryServer manifest(String id) {
    return deployer.manifest(store.get(id));
  }

  /** What creating this request would apply; validated like a create, nothing is stored. */
  public RenderedHistoryServer preview(HistoryServerRequest request, Caller caller) {
    return deployer.render(PREVIEW_ID, requests.plan(request, caller), null);
  }

  /**
   * The link of the running server of a resource (a cluster id), if there is one.
   *
   * @param internal its Service's address inside the Kubernetes cluster, else the proxy route
   */
  public Optional<String> runningUrl(String resource, boolean internal) {
    return store
        .findByResource(resource)
        .filter(s -> s.getStatus().running())
        .map(s -> url(s.getId(), s.getNamespace(), s.getCloudEnv(), internal));
  }

  /**
   * The link of a running server already read (the full view reads it with its cluster).
   *
   * @param internal its Service's address inside the Kubernetes cluster, else the proxy route
   */
  public String url(String id, String namespace, String cloudEnv, boolean internal) {
    return internal ? links.internalUrl(id, namespace) : links.url(id, cloudEnv);
  }

  HistoryServerView view(HistoryServerEntity s) {
    return new HistoryServerView(
        s.getId(),
        s.getResource(),
        s.getUser(),
        s.getTtl(),
        s.getFilesystem(),
        s.getEventsPath(),
        s.getCloudEnv(),
        s.getStartedAt(),
        s.getStatus(),
        links.url(s.getId(), s.getCloudEnv()),
        s.getExpiresAt(),
        s.getStoppedAt(),
        s.getStatusMessage());
  }

  void deleteObjects(HistoryServerEntity server) {
    try {
      // Only while it is still stopped: a start that came in since (it deletes the old objects and
      // applies new ones under the same names) keeps what it applied.
      store.whileStill(
          server.getId(), current -> !current.getStatus().running(), deployer::deleteNow);
    } catch (RuntimeException e) {
      // The row says stopped; the expiry job's repair pass deletes what is left.
      log.warn(
          "Deleting the objects of stopped Spark History Server {} failed (retried by the"
              + " repair pass): {}",
          server.getId(),
          e.toString());
    }
  }

  /**
   * Its user, admins and delegates, and whoever may attach to the cluster it reads, may stop,
   * extend or delete a server.
   */
  private void requireManage(HistoryServerEntity server, Caller caller, String verb) {
    if (caller.trusted() || server.getUser().equals(caller.user())) {
      return;
    }
    if (clusters.existsById(server.getResource())) {
      access.require(server.getResource(), caller, ClusterOperation.READ_SPARK_HISTORY);
      return;
    }
    throw new AccessDeniedException(
        "history-server",
        "You ("
            + caller.user()
            + ") may not "
            + verb
            + " Spark History Server "
            + server.getId()
            + ": it belongs to "
            + server.getUser());
  }
}
