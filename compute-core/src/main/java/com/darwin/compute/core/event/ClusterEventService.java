package com.darwin.compute.core.event;

import com.darwin.compute.core.domain.ClusterNotFoundException;
import com.darwin.compute.core.domain.InvalidRequestException;
import com.darwin.compute.core.store.ClusterActionEntity;
import com.darwin.compute.core.store.ClusterActionRepository;
import com.darwin.compute.core.store.ClusterEventEntity;
import com.darwin.compute.core.store.ClusterEventRepository;
import com.darwin.compute.core.store.ClusterRepository;
import com.darwin.compute.core.store.ClusterTombstoneRepository;
import com.darwin.compute.core.store.RunSummary;
import com.darwin.compute.model.event.ActionGroup;
import com.darwin.compute.model.event.ClusterEvent;
import com.darwin.compute.model.event.ClusterEventPage;
import com.darwin.compute.model.event.ClusterEventType;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.data.domain.Limit;
import org.springframework.data.domain.Sort;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Reads a cluster's history: typed events with keyset paging, and the actions timeline grouped by
 * run. Every filter is a bound parameter; nothing is built from request strings.
 */
@Service
@Transactional(readOnly = true)
public class ClusterEventService {

  public static final int MAX_PAGE_SIZE = 500;

  private final ClusterEventRepository events;
  private final ClusterActionRepository actions;
  private final ClusterRepository clusters;
  private final ClusterTombstoneRepository tombstones;

  public ClusterEventService(
      ClusterEventRepository events,
      ClusterActionRepository actions,
      ClusterRepository clusters,
      ClusterTombstoneRepository tombstones) {
    this.events = events;
    this.actions = actions;
    this.clusters = clusters;
    this.tombstones = tombstones;
  }

  /** The query of {@code GET /cluster/{id}/events}. */
  public record EventQuery(
      List<String> types,
      Instant from,
      Instant to,
      boolean ascending,
      int pageSize,
      String pageToken) {}

  public ClusterEventPage events(String clusterId, EventQuery query) {
    requireKnown(clusterId);
    if (query.pageSize() < 1 || query.pageSize() > MAX_PAGE_SIZE) {
      throw new InvalidRequestException("page_size", "must be between 1 and " + MAX_PAGE_SIZE);
    }
    for (String type : query.types()) {
      try {
        ClusterEventType.valueOf(type);
      } catch (IllegalArgumentException e) {
        throw new InvalidRequestException("types", "unknown event type '" + type + "'");
      }
    }
    if (query.from() != null && query.to() != null && !query.from().isBefore(query.to())) {
      throw new InvalidRequestException("from", "must be before to");
    }
    Long after = decode(query.pageToken());
    Specification<ClusterEventEntity> spec =
        (root, q, cb) -> cb.equal(root.get("clusterId"), clusterId);
    if (!query.types().isEmpty()) {
      spec = spec.and((root, q, cb) -> root.get("eventType").in(query.types()));
    }
    if (query.from() != null) {
      spec =
          spec.and((root, q, cb) -> cb.greaterThanOrEqualTo(root.get("createdAt"), query.from()));
    }
    if (query.to() != null) {
      spec = spec.and((root, q, cb) -> cb.lessThan(root.get("createdAt"), query.to()));
    }
    if (after != null) {
      spec =
          spec.and(
              (root, q, cb) ->
                  query.ascending()
                      ? cb.greaterThan(root.get("id"), after)
                      : cb.lessThan(root.get("id"), after));
    }
    Sort sort = query.ascending() ? Sort.by("id").ascending() : Sort.by("id").descending();
    // One more than the page, to tell whether another follows: a Page would also count every
    // matching event of the cluster, on every full page, for a total nobody is answered.
    List<ClusterEventEntity> rows =
        events.findBy(spec, q -> q.sortBy(sort).limit(query.pageSize() + 1).all());
    boolean more = rows.size() > query.pageSize();
    List<ClusterEventEntity> page = more ? rows.subList(0, query.pageSize()) : rows;
    String next = more ? encode(page.get(page.size() - 1).getId()) : null;
    return new ClusterEventPage(page.stream().map(ClusterEventService::view).toList(), next);
  }

  /** Largest {@code offset} of the action groups: far beyond any cluster's number of runs. */
  static final int MAX_RUN_OFFSET = 100_000;

  /** {@code GET /cluster/get-action-groups/{id}}: one group per run, first and last action. */
  public List<ActionGroup> actionGroups(
      String clusterId, int offset, int pageSize, boolean ascending) {
    requireKnown(clusterId);
    if (offset < 0 || offset > MAX_RUN_OFFSET) {
      // Bounded so that offset + page_size is a row limit the database can use (no overflow).
      throw new InvalidRequestException("offset", "must be between 0 and " + MAX_RUN_OFFSET);
    }
    if (pageSize < 1 || pageSize > 100) {
      throw new InvalidRequestException("page_size", "must be between 1 and 100");
    }
    List<RunSummary> runs =
        ascending
            ? actions.runsOldestFirst(clusterId, Limit.of(offset + pageSize))
            : actions.runsNewestFirst(clusterId, Limit.of(offset + pageSize));
    runs = runs.size() > offset ? runs.subList(offset, runs.size()) : List.of();
    List<Long> ids = new ArrayList<>();
    runs.forEach(
        r -> {
          ids.add(r.firstId());
          ids.add(r.lastId());
        });
    Map<Long, ClusterActionEntity> byId =
        actions.findAllById(ids).stream()
            .collect(Collectors.toMap(ClusterActionEntity::getId, Function.identity()));
    return runs.stream()
        .map(
            r ->
                new ActionGroup(
                    r.runId(),
                    r.count(),
                    action(byId.get(r.firstId())),
                    action(byId.get(r.lastId()))))
        .toList();
  }

  /** {@code GET /cluster/get-action-group-details/{run_id}}. */
  public List<ActionGroup.Action> actionsOfRun(String runId, boolean ascending) {
    List<ClusterActionEntity> rows =
        ascending
            ? actions.findByRunIdOrderByIdAsc(runId)
            : actions.findByRunIdOrderByIdDesc(runId);
    if (rows.isEmpty()) {
      throw new RunNotFoundException(runId);
    }
    return rows.stream().map(ClusterEventService::action).toList();
  }

  private void requireKnown(String clusterId) {
    // History stays readable after a delete: the timeline is an audit record.
    if (!clusters.existsById(clusterId) && !tombstones.existsById(clusterId)) {
      throw new ClusterNotFoundException(clusterId);
    }
  }

  private static ActionGroup.Action action(ClusterActionEntity a) {
    return a == null
        ? null
        : new ActionGroup.Action(a.getCreatedAt(), a.getAction(), a.getMessage(), a.getActor());
  }

  private static ClusterEvent view(ClusterEventEntity e) {
    return new ClusterEvent(
        e.getId(),
        e.getClusterId(),
        e.getRunId(),
        e.getEventType(),
        e.getSeverity(),
        e.getSource().name(),
        e.getMessage(),
        e.getActor(),
        e.getObjectKind(),
        e.getObjectName(),
        e.getCreatedAt(),
        e.getCallerAddress());
  }

  private static String encode(long id) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(("e:" + id).getBytes(StandardCharsets.UTF_8));
  }

  private static Long decode(String token) {
    if (token == null || token.isBlank()) {
      return null;
    }
    try {
      String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      if (!text.startsWith("e:")) {
        throw new IllegalArgumentException();
      }
      return Long.parseLong(text.substring(2));
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException("page_token", "is not a token this API returned");
    }
  }

  /** No actions carry this run id (404). */
  public static class RunNotFoundException extends RuntimeException {
    public RunNotFoundException(String runId) {
      super("Run " + runId + " not found");
    }
  }
}
