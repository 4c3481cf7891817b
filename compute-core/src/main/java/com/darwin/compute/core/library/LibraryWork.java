package com.darwin.compute.core.library;

import com.darwin.compute.core.config.WorkspaceProperties;
import com.darwin.compute.core.podexec.LivePod;
import com.darwin.compute.core.podexec.PodTaskEntity;
import com.darwin.compute.core.podexec.PodTaskKind;
import com.darwin.compute.core.podexec.PodTaskRuns;
import com.darwin.compute.core.podexec.PodTaskStore;
import com.darwin.compute.core.podexec.PodWork;
import com.darwin.compute.core.podexec.PodWorkSource;
import com.darwin.compute.model.library.LibrarySource;
import com.darwin.compute.model.library.LibraryStatus;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;
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
  public List<PodWork> work(String clusterId) {
    return libraries.findByClusterIdOrderByIdAsc(clusterId).stream()
        .filter(l -> l.getStatus() != LibraryStatus.UNINSTALL_PENDING)
        .map(
            l ->
                new PodWork(
                    PodTaskKind.LIBRARY,
                    String.valueOf(l.getId()),
                    pod -> true,
                    InstallCommand.argv(spec(l), properties.packageDir(), workspace.mountPath()),
                    properties.installTimeout(),
                    null))
        .toList();
  }

  @Override
  @Transactional
  public void settle(String clusterId, Collection<LivePod> pods, List<PodTaskEntity> podTasks) {
    Map<String, List<PodTaskEntity>> byLibrary =
        podTasks.stream().collect(Collectors.groupingBy(PodTaskEntity::getRef));
    for (LibraryEntity library : libraries.findByClusterIdOrderByIdAsc(clusterId)) {
      List<PodTaskEntity> runs = byLibrary.getOrDefault(String.valueOf(library.getId()), List.of());
      if (library.getStatus() == LibraryStatus.UNINSTALL_PENDING) {
        if (runs.isEmpty()) {
          libraries.delete(library); // no pod has it any more
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
      library.setStatus(status, clock.instant());
    }
  }

  @Override
  @Transactional
  public void settleStopped() {
    List<Long> deleted = libraries.ofDeletedClusters();
    if (!deleted.isEmpty()) {
      libraries.deleteByIds(deleted);
    }
    List<Long> unsettled = libraries.unsettledOfStoppedClusters();
    if (!unsettled.isEmpty()) {
      libraries.purgeUninstalled(unsettled);
      libraries.resetToCreated(unsettled, clock.instant());
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
