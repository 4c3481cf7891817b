package com.darwin.compute.core.history;

import com.darwin.compute.core.cluster.ClusterTimeline;
import com.darwin.compute.core.cluster.RetriedOnConcurrentChange;
import com.darwin.compute.core.domain.Actor;
import com.darwin.compute.core.store.ClusterRepository;
import com.darwin.compute.core.store.IdBatches;
import com.darwin.compute.core.timeline.TimelineAction;
import com.darwin.compute.model.history.HistoryServerStatus;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.springframework.data.domain.Limit;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/** The rows of the history servers and their timelines; each method is one transaction. */
@Component
public class HistoryServerStore {

  static final Set<HistoryServerStatus> RUNNING =
      EnumSet.of(HistoryServerStatus.CREATED, HistoryServerStatus.ACTIVE);
  private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
  private static final SecureRandom RANDOM = new SecureRandom();

  /** What a create did: made a new server, started a stopped one, or found one running. */
  public enum Outcome {
    CREATED,
    RESTARTED,
    EXISTS
  }

  public record Started(HistoryServerEntity server, Outcome outcome) {}

  private final HistoryServerRepository servers;
  private final HistoryServerActionRepository actions;
  private final Clock clock;
  private final Duration ttlUnit;
  private final ClusterRepository clusters;
  private final ClusterTimeline clusterTimeline;
  private final HistoryServerWorkPermits permits;
  private final TransactionTemplate transactions;

  public HistoryServerStore(
      HistoryServerRepository servers,
      HistoryServerActionRepository actions,
      Clock clock,
      HistoryProperties properties,
      ClusterRepository clusters,
      ClusterTimeline clusterTimeline,
      HistoryServerWorkPermits permits,
      PlatformTransactionManager transactionManager) {
    this.permits = permits;
    this.transactions = new TransactionTemplate(transactionManager);
    this.servers = servers;
    this.actions = actions;
    this.clock = clock;
    this.ttlUnit = properties.ttlUnit();
    this.clusters = clusters;
    this.clusterTimeline = clusterTimeline;
  }

  /** The system's own changes (the expiry job, the watch) are signed with this name. */
  static final Actor CONTROL_PLANE = new Actor("darwin-compute");

  /**
   * When the server reads a cluster's event logs, the cluster's timeline says so too, as it says
   * when a cluster was auto-terminated.
   */
  private void onClusterTimeline(
      HistoryServerEntity server, TimelineAction action, String message, Actor actor) {
    clusters
        .findById(server.getResource())
        .ifPresent(
            cluster ->
                clusterTimeline.record(
                    cluster.getClusterId(), cluster.getActiveRunId(), action, message, actor));
  }

  /** A new server id: the Python service's {@code shs-} and 16 random letters and digits. */
  static String newId() {
    StringBuilder id = new StringBuilder("shs-");
    for (int i = 0; i < 16; i++) {
      id.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    }
    return id.toString();
  }

  static HistoryServerPlan planOf(HistoryServerEntity server) {
    return new HistoryServerPlan(
        server.getResource(),
        server.getUser(),
        server.getTtl(),
        server.getFilesystem(),
        server.getEventsPath(),
        server.getCloudEnv(),
        server.getNamespace(),
        server.getClaimName(),
        null);
  }

  /** One server per resource: a running one is returned as it is, a stopped one started again. */
  @Transactional
  public Started start(HistoryServerPlan plan, Actor actor) {
    Instant now = clock.instant();
    Optional<HistoryServerEntity> existing = findByResource(plan.resource());
    if (existing.isPresent() && existing.get().getStatus().running()) {
      Optional<HistoryServerEntity> renewed = renewed(existing.get(), plan, actor, now);
      if (renewed.isPresent()) {
        return new Started(renewed.get(), Outcome.EXISTS);
      }
      // Stopped at its deadline while being asked for: started again, as a stopped one is.
      existing = Optional.of(get(existing.get().getId()));
    }
    HistoryServerEntity server =
        existing.orElseGet(() -> new HistoryServerEntity(newId(), plan.resource(), now));
    server.start(plan, now, ttlUnit);
    servers.saveAndFlush(server);
    record(
        server.getId(),
        existing.isPresent() ? HistoryServerEvent.STARTED : HistoryServerEvent.CREATED,
        "Started for "
            + plan.resource()
            + " by "
            + actor.name()
            + ", reading "
            + plan.logDirectory()
            + ", for "
            + plan.ttlMinutes()
            + " minutes",
        actor.name(),
        now);
    onClusterTimeline(
        server,
        TimelineAction.SPARK_HISTORY_SERVER_STARTED,
        "Spark History Server "
            + server.getId()
            + " started by "
            + actor.name()
            + ", reading "
            + plan.logDirectory(),
        actor);
    return new Started(server, existing.isPresent() ? Outcome.RESTARTED : Outcome.CREATED);
  }

  /**
   * Marks the start of {@code startedAt} failed, unless the server was stopped or started since.
   *
   * @return whether it did
   */
  @Transactional
  public boolean failed(String id, Instant startedAt, String message) {
    String text = HistoryServerEntity.fitted(message);
    if (servers.fail(id, startedAt, RUNNING, HistoryServerStatus.FAILED, text) == 1) {
      record(id, HistoryServerEvent.FAILED, text, CONTROL_PLANE.name(), clock.instant());
      return true;
    }
    return false;
  }

  /**
   * Marks a running server stopped, in one conditional statement (the watch may be writing its
   * status at the same moment); 409 when it is not running.
   */
  @Transactional
  public HistoryServerEntity stop(String id, Actor actor) {
    Instant now = clock.instant();
    // The guarded update before any read: the read that explains a refusal then sees the change
    // that beat it, not a snapshot taken before it (a concurrent stop was "it is active").
    if (servers.stop(id, RUNNING, HistoryServerStatus.INACTIVE, now) != 1) {
      throw new HistoryServerConflictException(
          "Cannot stop inactive spark history server " + id + " (it is " + wire(get(id)) + ")");
    }
    record(id, HistoryServerEvent.STOPPED, "Stopped by " + actor.name(), actor.name(), now);
    HistoryServerEntity stopped = get(id);
    onClusterTimeline(
        stopped,
        TimelineAction.SPARK_HISTORY_SERVER_STOPPED,
        "Spark History Server " + id + " stopped by " + actor.name(),
        actor);
    return stopped;
  }

  /**
   * Stops a running server whose cluster was deleted, unless someone else stopped it first.
   *
   * @return whether this call stopped it
   */
  @Transactional
  public boolean stopForDeletedCluster(String id) {
    Instant now = clock.instant();
    if (servers.stop(id, RUNNING, HistoryServerStatus.INACTIVE, now) != 1) {
      return false;
    }
    HistoryServerEntity server = servers.findById(id).orElseThrow();
    // Only on the server's own timeline: the cluster's is closed with its delete.
    record(
        id,
        HistoryServerEvent.STOPPED,
        "Stopped: its cluster " + server.getResource() + " was deleted",
        CONTROL_PLANE.name(),
        now);
    return true;
  }

  @Transactional(readOnly = true)
  public List<String> runningOfDeletedClusters() {
    return servers.findRunningOfDeletedClusters();
  }

  /**
   * Stops a server whose time to live has ended, unless someone else (another replica, a user)
   * changed it first.
   *
   * @return the stopped server, or empty when this call did not stop it
   */
  @Transactional
  public Optional<HistoryServerEntity> expire(String id) {
    Instant now = clock.instant();
    if (servers.expire(id, RUNNING, HistoryServerStatus.INACTIVE, now) != 1) {
      return Optional.empty();
    }
    HistoryServerEntity server = servers.findById(id).orElseThrow();
    String message = "Stopped: its time to live of " + server.getTtl() + " minutes has passed";
    record(id, HistoryServerEvent.EXPIRED, message, CONTROL_PLANE.name(), now);
    onClusterTimeline(
        server,
        TimelineAction.SPARK_HISTORY_SERVER_EXPIRED,
        "Spark History Server "
            + id
            + " stopped: its time to live of "
            + server.getTtl()
            + " minutes has passed",
        CONTROL_PLANE);
    return Optional.of(server);
  }

  /** The server now stops {@code ttl} units from now; 409 when it is not running. */
  @Transactional
  public HistoryServerEntity extend(String id, int ttl, Actor actor) {
    Instant now = clock.instant();
    if (servers.extend(id, RUNNING, ttl, now.plus(ttlUnit.multipliedBy(ttl))) != 1) {
      throw new HistoryServerConflictException(
          "Cannot extend spark history server " + id + ": it is " + wire(get(id)));
    }
    record(
        id,
        HistoryServerEvent.EXTENDED,
        "Time to live set to " + ttl + " minutes from now by " + actor.name(),
        actor.name(),
        now);
    return get(id);
  }

  /**
   * A running server asked for again lives at least the asked time to live from now. The Python
   * service never stopped its servers, and its clients (the UI opens a server by asking for it)
   * know no other way to keep one: without this a server in use was stopped at its first deadline.
   * Never shortened, and moved only by more than a tenth of the asked time, at most one ttl unit (a
   * minute): a client that asks at every page view wrote a row version and a timeline entry per
   * request, and the timeline of a server (its id stays across restarts) grew for as long as it was
   * used. A whole unit for a one-minute server would have let it expire while asked for.
   *
   * @return the server, or empty when it stopped meanwhile (it is then started again)
   */
  private Optional<HistoryServerEntity> renewed(
      HistoryServerEntity server, HistoryServerPlan plan, Actor actor, Instant now) {
    Duration time = ttlUnit.multipliedBy(plan.ttlMinutes());
    Instant asked = now.plus(time);
    Duration slack = time.dividedBy(10).compareTo(ttlUnit) < 0 ? time.dividedBy(10) : ttlUnit;
    if (server.getExpiresAt() != null && !asked.isAfter(server.getExpiresAt().plus(slack))) {
      return Optional.of(server);
    }
    if (servers.extend(server.getId(), RUNNING, plan.ttlMinutes(), asked) != 1) {
      return Optional.empty(); // no longer running
    }
    record(
        server.getId(),
        HistoryServerEvent.EXTENDED,
        "Asked for again by "
            + actor.name()
            + ": time to live "
            + plan.ttlMinutes()
            + " minutes from now",
        actor.name(),
        now);
    return Optional.of(get(server.getId()));
  }

  /** Deletes a stopped server and its timeline; 409 while it runs. */
  @RetriedOnConcurrentChange
  @Transactional
  public void delete(String id) {
    HistoryServerEntity server = get(id);
    if (server.getStatus().running()) {
      throw new HistoryServerConflictException(
          "Cannot delete active spark history server " + id + "; stop it first");
    }
    actions.deleteByServerId(id);
    servers.delete(server);
  }

  /**
   * What the watch of a server's Deployment says; only a running server's status changes, and an
   * entry is written by the one replica whose update changed the row. A Deployment applied for
   * another start than the row's says nothing about this one: a stop and a start in quick
   * succession delete the old Deployment and make a new one of the same name, and an event of the
   * old one (it gave up before it went) may reach the watch after the new start was written.
   *
   * @param startedAt the start the Deployment was applied for, or null when it does not say (then
   *     it is taken for the current one)
   */
  @Transactional
  public void observe(String id, Instant startedAt, HistoryServerStatus status, String observed) {
    String message = HistoryServerEntity.fitted(observed);
    int changed =
        startedAt == null
            ? servers.observe(id, RUNNING, status, message)
            : servers.observeStart(id, startedAt, RUNNING, status, message);
    if (changed == 1) {
      recordObserved(id, status, message);
    }
  }

  /**
   * What the watch cache says of a server whose row the repair pass read saying otherwise (the
   * watch's write failed, or the row was read just before it): written as {@link #observe} writes
   * it, only if the row is still the version read.
   *
   * @return whether the row changed
   */
  @Transactional
  public boolean catchUp(HistoryServerEntity read, HistoryServerStatus status, String observed) {
    String message = HistoryServerEntity.fitted(observed);
    boolean changed =
        servers.observeVersion(read.getId(), read.getVersion(), RUNNING, status, message) == 1;
    if (changed) {
      recordObserved(read.getId(), status, message);
    }
    return changed;
  }

  private void recordObserved(String id, HistoryServerStatus status, String message) {
    if (status == HistoryServerStatus.ACTIVE) {
      record(id, HistoryServerEvent.ACTIVE, "Ready", CONTROL_PLANE.name(), clock.instant());
    } else if (status == HistoryServerStatus.FAILED) {
      record(id, HistoryServerEvent.FAILED, message, CONTROL_PLANE.name(), clock.instant());
    }
  }

  /**
   * Runs {@code work} on the server's current row if {@code still} holds for it, and keeps the row
   * locked until the work is done: a start, stop or expiry of the server waits for it (each writes
   * the row first, then applies or deletes its objects), so what the work applies or deletes is
   * never undone by, nor undoes, a request that changed the server after the caller judged it.
   *
   * @return whether the work ran (false when the row is gone or no longer as {@code still} wants)
   */
  public boolean whileStill(
      String id, Predicate<HistoryServerEntity> still, Consumer<HistoryServerEntity> work) {
    // The place first, then the transaction (and its connection): a change waiting for a place
    // holds no connection (HistoryServerWorkPermits).
    return permits.within(
        () ->
            Boolean.TRUE.equals(
                transactions.execute(
                    status -> {
                      Optional<HistoryServerEntity> current = servers.findLocked(id).filter(still);
                      current.ifPresent(work);
                      return current.isPresent();
                    })));
  }

  @Transactional(readOnly = true)
  public HistoryServerEntity get(String id) {
    return servers
        .findById(id)
        .orElseThrow(
            () -> new HistoryServerNotFoundException("Spark History Server Not Found: " + id));
  }

  @Transactional(readOnly = true)
  public Optional<HistoryServerEntity> find(String id) {
    return servers.findById(id);
  }

  @Transactional(readOnly = true)
  public HistoryServerEntity byResource(String resource) {
    return findByResource(resource)
        .orElseThrow(
            () ->
                new HistoryServerNotFoundException(
                    "Spark History Server Not Found for resource " + resource));
  }

  /**
   * Exactly {@code resource}: the column's collation ignores trailing spaces ({@code utf8mb4_bin}
   * pads), and ids are exact.
   */
  @Transactional(readOnly = true)
  public Optional<HistoryServerEntity> findByResource(String resource) {
    return servers.findByResource(resource).filter(s -> s.getResource().equals(resource));
  }

  @Transactional(readOnly = true)
  public List<HistoryServerEntity> list(int limit, int offset, boolean runningOnly) {
    // Offsets are small (bounded by the API); a page request by offset keeps the query simple.
    var page = new OffsetPage(offset, limit);
    return runningOnly
        ? servers.findByStatusInOrderByCreatedAtAscIdAsc(RUNNING, page)
        : servers.findAllByOrderByCreatedAtAscIdAsc(page);
  }

  @Transactional(readOnly = true)
  public List<String> expired() {
    return servers.findExpired(RUNNING, clock.instant());
  }

  /**
   * One page of the running servers, in id order after {@code afterId} (empty for the first): the
   * repair pass reads and judges them all this way, whatever their number, a page at a time.
   */
  @Transactional(readOnly = true)
  public List<HistoryServerEntity> runningAfter(String afterId, int limit) {
    return servers.findByStatusInAndIdGreaterThanOrderByIdAsc(RUNNING, afterId, Limit.of(limit));
  }

  /** The rows of those ids that exist, by id, read a thousand ids per statement. */
  @Transactional(readOnly = true)
  public Map<String, HistoryServerEntity> findAll(Collection<String> ids) {
    Map<String, HistoryServerEntity> rows = new HashMap<>();
    for (List<String> batch : IdBatches.of(new HashSet<>(ids))) {
      servers.findAllById(batch).forEach(row -> rows.put(row.getId(), row));
    }
    return rows;
  }

  @Transactional(readOnly = true)
  public List<HistoryServerActionEntity> timeline(String id) {
    get(id);
    return actions.findByServerIdOrderByIdAsc(id);
  }

  private void record(
      String id, HistoryServerEvent event, String message, String actor, Instant at) {
    actions.save(new HistoryServerActionEntity(id, event, message, actor, at));
  }

  private static String wire(HistoryServerEntity server) {
    return server.getStatus().wireName();
  }
}
