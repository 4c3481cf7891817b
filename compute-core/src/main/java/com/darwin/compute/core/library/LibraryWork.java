package com.darwin.compute.core.library;

import com.darwin.compute.core.config.WorkspaceProperties;
import com.darwin.compute.core.podexec.LivePod;
import com.darwin.compute.core.podexec.PodTaskKind;
import com.darwin.compute.core.podexec.PodTaskRuns;
import com.darwin.compute.core.podexec.PodTaskState;
import com.darwin.compute.core.podexec.PodTaskStore;
import com.darwin.compute.core.podexec.PodWork;
import com.darwin.compute.core.podexec.PodWorkSource;
import com.darwin.compute.core.store.IdBatches;
import com.darwin.compute.model.library.LibrarySource;
import com.darwin.compute.model.library.LibraryStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Libraries as pod work: every library (but those being uninstalled) goes on every pod of the
 * cluster. A library is {@code success} once every ready pod installed it, {@code failed} as soon
 * as one pod failed, {@code running} otherwise; on a stopped cluster it is {@code created} again.
 */
@Component
public class LibraryWork implements PodWorkSource {

  private final LibraryRepository libraries;
  private final PodTaskStore tasks;
  private final LibraryProperties properties;
  private final WorkspaceProperties workspace;
  private final Clock clock;
  private final JsonMapper mapper = JsonMapper.builder().build();

  public LibraryWork(
      LibraryRepository libraries,
      PodTaskStore tasks,
      LibraryProperties properties,
      WorkspaceProperties workspace,
      Clock clock) {
    this.libraries = libraries;
    this.tasks = tasks;
    this.properties = properties;
    this.workspace = workspace;
    this.clock = clock;
  }

  @Override
  public PodTaskKind kind() {
    return PodTaskKind.LIBRARY;
  }

  @Override
  @Transactional(readOnly = true)
  public Set<String> runningClustersWithWork() {
    return libraries.runningClustersWithLibraries();
  }

  @Override
  @Transactional(readOnly = true)
  public Snapshot snapshot(Collection<String> clusterIds) {
    Map<String, List<LibraryEntity>> rows =
        libraries.findByClusterIdInOrderByIdAsc(clusterIds).stream()
            .collect(Collectors.groupingBy(LibraryEntity::getClusterId));
    return new Snapshot() {
      @Override
      public List<PodWork> work(String clusterId) {
        return rows.getOrDefault(clusterId, List.of()).stream()
            .filter(l -> l.getStatus() != LibraryStatus.UNINSTALL_PENDING)
            .map(LibraryWork.this::work)
            .toList();
      }

      @Override
      public boolean settled(String clusterId, Collection<LivePod> pods, List<PodTaskState> tasks) {
        return verdicts(rows.getOrDefault(clusterId, List.of()), pods, tasks).isEmpty();
      }
    };
  }

  private PodWork work(LibraryEntity l) {
    return new PodWork(
        PodTaskKind.LIBRARY,
        String.valueOf(l.getId()),
        pod -> true,
        InstallCommand.argv(spec(l), properties.packageDir(), workspace.mountPath()),
        properties.installTimeout(),
        null);
  }

  /** Library ids are never reused, and a retry runs the same install: the row's state decides. */
  @Override
  @Transactional(propagation = Propagation.MANDATORY)
  public boolean stillWanted(String clusterId, PodWork work, LivePod pod) {
    return libraries
        .findForShare(Long.parseLong(work.ref()))
        .filter(l -> l.getClusterId().equals(clusterId))
        .filter(l -> l.getStatus() != LibraryStatus.UNINSTALL_PENDING)
        .isPresent();
  }

  /**
   * Writes what the pods report, one library at a time and only over the row as read here: an
   * uninstall or a retry committed after this read is left in place (the next pass judges that
   * library again), never overwritten with a status judged from the older row.
   */
  @Override
  @Transactional
  public void settle(String clusterId, Collection<LivePod> pods, List<PodTaskState> podTasks) {
    List<LibraryEntity> rows = libraries.findByClusterIdOrderByIdAsc(clusterId);
    if (verdicts(rows, pods, podTasks).isEmpty()) {
      return; // a row changed since the visit read it agrees now: nothing to write
    }
    // The runner read the tasks before these rows: a retry committed in between has forgotten
    // them, yet its row (read here, after it) would take their old verdict. Read after the rows,
    // the tasks are at least as new as the rows; anything committed later fails the version check.
    List<PodTaskState> fresh =
        tasks.ofCluster(clusterId).stream().filter(t -> t.kind() == kind()).toList();
    Instant now = clock.instant();
    for (Verdict verdict : verdicts(rows, pods, fresh)) {
      long id = verdict.library().getId();
      long seen = verdict.library().getRowVersion();
      if (verdict.gone()) {
        libraries.deleteUnchanged(id, seen);
      } else {
        libraries.settle(id, seen, verdict.status(), now);
      }
    }
  }

  /** Each library whose row says other than its pods: its new status, or gone. */
  private static List<Verdict> verdicts(
      List<LibraryEntity> rows, Collection<LivePod> pods, List<PodTaskState> podTasks) {
    Map<String, List<PodTaskState>> byLibrary =
        podTasks.stream().collect(Collectors.groupingBy(PodTaskState::ref));
    List<Verdict> verdicts = new ArrayList<>();
    for (LibraryEntity library : rows) {
      List<PodTaskState> runs = byLibrary.getOrDefault(String.valueOf(library.getId()), List.of());
      if (library.getStatus() == LibraryStatus.UNINSTALL_PENDING) {
        if (runs.isEmpty()) {
          verdicts.add(new Verdict(library, null)); // no pod has it any more
        }
        continue;
      }
      LibraryStatus status;
      if (PodTaskRuns.anyFailed(runs)) {
        status = LibraryStatus.FAILED;
      } else if (PodTaskRuns.succeededOnEvery(pods, runs)) {
        status = LibraryStatus.SUCCESS;
      } else {
        status = LibraryStatus.RUNNING;
      }
      if (status != library.getStatus()) {
        verdicts.add(new Verdict(library, status));
      }
    }
    return verdicts;
  }

  /**
   * A library as read and what its pods say of it.
   *
   * @param status its new status; null when it is uninstalled and no pod has it: to be deleted
   */
  private record Verdict(LibraryEntity library, LibraryStatus status) {

    boolean gone() {
      return status == null;
    }
  }

  @Override
  @Transactional
  public void settleStopped() {
    // In id batches: a sweep that stops thousands of clusters leaves all their libraries to reset
    // at once, and one IN list past the driver's 65,535 placeholders would fail every pass.
    IdBatches.of(libraries.ofDeletedClusters()).forEach(libraries::deleteByIds);
    Instant now = clock.instant();
    for (List<Long> unsettled : IdBatches.of(libraries.unsettledOfStoppedClusters())) {
      libraries.purgeUninstalled(unsettled);
      libraries.resetToCreated(unsettled, now);
    }
  }

  private LibrarySpec spec(LibraryEntity l) {
    List<String> exclusions = List.of();
    String repository = null;
    if (l.getSource() == LibrarySource.MAVEN && l.getMetadata() != null) {
      // Stored as validated; read back the two values the installer needs.
      var node = mapper.readTree(l.getMetadata());
      var excl = node.get("exclusions");
      if (excl != null && !excl.isNull() && !excl.asString().isBlank()) {
        exclusions = List.of(excl.asString().split(","));
      }
      var repo = node.get("repository");
      String name = repo == null || repo.isNull() ? "maven" : repo.asString();
      repository =
          switch (name.toLowerCase(java.util.Locale.ROOT)) {
            case "maven" -> properties.mavenRepository();
            case "spark" -> properties.sparkRepository();
            default -> name;
          };
    }
    return new LibrarySpec(
        l.getSource(),
        l.getType(),
        l.getName(),
        l.getVersion(),
        l.getPath(),
        repository,
        null,
        exclusions);
  }
}
