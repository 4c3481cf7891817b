package com.darwin.compute.core.library;

import com.darwin.compute.core.cluster.RetriedOnConcurrentChange;
import com.darwin.compute.core.config.WorkspaceProperties;
import com.darwin.compute.core.domain.Actor;
import com.darwin.compute.core.domain.ClusterConflictException;
import com.darwin.compute.core.domain.ClusterNotFoundException;
import com.darwin.compute.core.domain.InvalidRequestException;
import com.darwin.compute.core.limits.TextRules;
import com.darwin.compute.core.podexec.PodTaskEntity;
import com.darwin.compute.core.podexec.PodTaskKind;
import com.darwin.compute.core.podexec.PodTaskStatus;
import com.darwin.compute.core.podexec.PodTaskStore;
import com.darwin.compute.core.render.WorkspaceClaims;
import com.darwin.compute.core.store.ClusterEntity;
import com.darwin.compute.core.store.ClusterRepository;
import com.darwin.compute.core.store.DesiredState;
import com.darwin.compute.model.cluster.ClusterRequest;
import com.darwin.compute.model.common.FieldError;
import com.darwin.compute.model.library.InstallRequest;
import com.darwin.compute.model.library.LibrariesRemoved;
import com.darwin.compute.model.library.LibraryBatch;
import com.darwin.compute.model.library.LibraryBody;
import com.darwin.compute.model.library.LibraryDetails;
import com.darwin.compute.model.library.LibraryError;
import com.darwin.compute.model.library.LibraryList;
import com.darwin.compute.model.library.LibrarySource;
import com.darwin.compute.model.library.LibraryStatus;
import com.darwin.compute.model.library.LibraryStatusView;
import com.darwin.compute.model.library.LibraryView;
import com.darwin.compute.model.library.MavenMetadata;
import com.darwin.compute.model.library.PodInstall;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * A cluster's libraries: the Python service's library API. Requests are validated whole before
 * anything is stored (a batch with one bad library stores none). A library of a running cluster is
 * installed now on every ready pod, one of a stopped cluster when it starts; the {@link
 * LibraryWork} source tells the pod-task runner what to run and sets the statuses from what the
 * pods report.
 */
@Service
public class LibraryService {

  /** How many libraries one uninstall may name. */
  static final int MAX_UNINSTALL = 1_000;

  /** The unique key on {@code (cluster_id, request_key)} of {@code cluster_libraries}. */
  private static final String REQUEST_KEY_CONSTRAINT = "uk_cluster_libraries_request";

  private static final Map<String, String> SORTABLE =
      Map.of(
          "id", "id",
          "name", "name",
          "version", "version",
          "type", "type",
          "source", "source",
          "status", "status",
          "created_at", "createdAt",
          "updated_at", "updatedAt");

  private final LibraryRepository libraries;
  private final ClusterRepository clusters;
  private final PodTaskStore tasks;
  private final LibraryProperties properties;
  private final WorkspaceProperties workspace;
  private final Clock clock;
  private final JsonMapper mapper = JsonMapper.builder().build();

  public LibraryService(
      LibraryRepository libraries,
      ClusterRepository clusters,
      PodTaskStore tasks,
      LibraryProperties properties,
      WorkspaceProperties workspace,
      Clock clock) {
    this.libraries = libraries;
    this.clusters = clusters;
    this.tasks = tasks;
    this.properties = properties;
    this.workspace = workspace;
    this.clock = clock;
  }

  /** Validates every request; the 400 names each bad field ({@code prefix[i].body.name}). */
  public List<LibrarySpec> validate(List<InstallRequest> requests, String prefix) {
    if (requests.size() > properties.maxBatch()) {
      throw new InvalidRequestException(
          prefix, "at most " + properties.maxBatch() + " libraries at once");
    }
    return parseAll(requests, prefix);
  }

  private List<LibrarySpec> parseAll(List<InstallRequest> requests, String prefix) {
    List<FieldError> errors = new ArrayList<>();
    List<LibrarySpec> specs = new ArrayList<>();
    for (int i = 0; i < requests.size(); i++) {
      specs.add(
          LibraryGrammar.parse(
              requests.get(i), prefix + "[" + i + "].", properties, workspace.mountPath(), errors));
    }
    if (!errors.isEmpty()) {
      throw new InvalidRequestException(errors);
    }
    return specs;
  }

  /** The {@code packages} of a cluster request, in the library request shape, validated. */
  public List<LibrarySpec> validatePackages(List<Map<String, Object>> packages) {
    List<InstallRequest> requests = new ArrayList<>();
    for (int i = 0; i < packages.size(); i++) {
      try {
        requests.add(mapper.convertValue(packages.get(i), InstallRequest.class));
      } catch (RuntimeException e) {
        throw new InvalidRequestException(
            "packages[" + i + "]",
            "must be {\"source\": pypi|maven|s3|workspace, \"body\": {name, version, path,"
                + " metadata}}");
      }
    }
    return validate(requests, "packages");
  }

  /** The libraries of another cluster, as requests (for {@code packages_clone_from}). */
  @Transactional(readOnly = true)
  public List<LibrarySpec> specsOf(String clusterId, String field) {
    if (!clusters.existsById(clusterId)) {
      throw new InvalidRequestException(
          field, "no cluster " + clusterId + " to copy libraries from");
    }
    // All of them, however many: a cluster gathers libraries over many batches, and the Python
    // service copied them all. The batch limit bounds what one request asks for.
    return parseAll(
        libraries.findByClusterIdOrderByIdAsc(clusterId).stream()
            .filter(l -> l.getStatus() != LibraryStatus.UNINSTALL_PENDING)
            .map(this::request)
            .toList(),
        field);
  }

  /**
   * Stores the library, or answers the one already on the cluster (an uninstalled one is installed
   * again). A lost race runs it again on a fresh read, in a new transaction: two requests adding
   * the same library (the unique key decides), an install of one being uninstalled while the runner
   * writes or removes its row, or a lock wait that deadlocked.
   */
  @RetriedOnConcurrentChange
  @Transactional
  public LibraryView install(String clusterId, InstallRequest request, Actor actor) {
    LibrarySpec spec = LibraryGrammar.parse(request, "", properties, workspace.mountPath());
    return addWith(clusterForShare(clusterId), List.of(spec), actor).get(0);
  }

  /** Several libraries as {@link #install} stores one, in one transaction: all or none. */
  @RetriedOnConcurrentChange
  @Transactional
  public LibraryBatch installBatch(String clusterId, List<InstallRequest> requests, Actor actor) {
    if (requests.isEmpty()) {
      throw new InvalidRequestException("packages", "must list at least one library");
    }
    List<LibrarySpec> specs = validate(requests, "packages");
    return new LibraryBatch(clusterId, addWith(clusterForShare(clusterId), specs, actor));
  }

  /**
   * Adds libraries in the caller's transaction, the one that creates or edits {@code cluster}
   * ({@code WrittenAlong}): stored with the cluster or not at all. A library asked for twice is the
   * same row.
   *
   * @throws OptimisticLockingFailureException when another request added the same library since the
   *     transaction's snapshot was taken (an install during an edit: the insert meets its unique
   *     key), or the insert met another writer's lock: the whole create or edit is then run again
   *     in a new transaction, which sees that library and answers it, as {@link #install} does
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public List<LibraryView> addWith(ClusterEntity cluster, List<LibrarySpec> specs, Actor actor) {
    specs.forEach(spec -> requireReachableOnEveryPod(cluster, spec));
    List<LibraryView> views = new ArrayList<>();
    try {
      for (LibrarySpec spec : specs) {
        views.add(view(findOrInsert(cluster, spec, actor)));
      }
      // Written here, not at commit: a library installed again is an update, and one that meets
      // another writer's lock must fail where it is told as a race.
      libraries.flush();
    } catch (DataIntegrityViolationException | PessimisticLockingFailureException race) {
      if (race instanceof DataIntegrityViolationException integrity
          && !sameLibraryAddedMeanwhile(integrity)) {
        throw race;
      }
      throw new OptimisticLockingFailureException(
          "the libraries of cluster " + cluster.getClusterId() + " changed meanwhile", race);
    }
    return views;
  }

  /**
   * A workspace library is copied from the workspace on each pod it is installed on, which is every
   * pod: the workers mount the workspace only with the shared label ({@code workspace: shared}),
   * and none does when workspaces are off. Without them it installed on the head and failed on
   * every worker, each retry too (the Python service copied the file through S3 first).
   */
  private void requireReachableOnEveryPod(ClusterEntity cluster, LibrarySpec spec) {
    if (spec.source() != LibrarySource.WORKSPACE) {
      return;
    }
    if (!workspace.enabled()) {
      throw new InvalidRequestException(
          "source",
          "workspace libraries need the workspace, which this installation does not mount");
    }
    ClusterRequest request = cluster.getSpec();
    boolean workers = request.workerNodeConfigs() != null && !request.workerNodeConfigs().isEmpty();
    boolean shared =
        WorkspaceClaims.onWorkers(
            workspace.sharedLabel(), workspace.sharedValue(), request.labels());
    if (workers && !shared) {
      throw new InvalidRequestException(
          "source",
          "a workspace library is installed on every pod, but the workers of cluster "
              + cluster.getClusterId()
              + " do not mount the workspace: give the cluster the label "
              + workspace.sharedLabel()
              + ": "
              + workspace.sharedValue()
              + ", or install the file from s3");
    }
  }

  /**
   * Whether the insert failed on the unique key of a cluster's library requests (read from the
   * driver's message, as {@code ApiExceptionHandler} tells a taken cluster name).
   */
  private static boolean sameLibraryAddedMeanwhile(DataIntegrityViolationException e) {
    return String.valueOf(e.getMostSpecificCause().getMessage()).contains(REQUEST_KEY_CONSTRAINT);
  }

  private LibraryEntity findOrInsert(ClusterEntity cluster, LibrarySpec spec, Actor actor) {
    // Locked: a library added while the cluster is being deleted must not outlive it, and one
    // added while it is being stopped is judged by the state the stop wrote.
    ClusterEntity locked = clusterForShare(cluster.getClusterId());
    Optional<LibraryEntity> asked =
        libraries.findByClusterIdAndRequestKey(cluster.getClusterId(), spec.key());
    if (asked.isPresent() && asked.get().getStatus() == LibraryStatus.UNINSTALL_PENDING) {
      // Asked for again before the pods dropped it: installed again. Where it failed it runs again
      // (as a retry does); where it succeeded it is still there. Answering the pending row kept it
      // pending, and its retry refused, until the next stop.
      tasks.forgetFailed(PodTaskKind.LIBRARY, List.of(String.valueOf(asked.get().getId())));
      asked.get().retry(newExecutionId(), initialStatus(locked), clock.instant());
      return asked.get();
    }
    return asked.orElseGet(
        () ->
            libraries.saveAndFlush(
                new LibraryEntity(
                    cluster.getClusterId(),
                    spec,
                    metadataJson(spec),
                    initialStatus(locked),
                    newExecutionId(),
                    actor.name(),
                    clock.instant())));
  }

  @Transactional(readOnly = true)
  public LibraryList list(
      String clusterId, String key, String sortBy, String sortOrder, int offset, int pageSize) {
    cluster(clusterId);
    String property = SORTABLE.get(sortBy == null || sortBy.isBlank() ? "id" : sortBy);
    if (property == null) {
      throw new InvalidRequestException("sort_by", "must be one of " + SORTABLE.keySet());
    }
    Sort.Direction direction;
    String order = sortOrder == null || sortOrder.isBlank() ? "desc" : sortOrder;
    if (order.equalsIgnoreCase("asc")) {
      direction = Sort.Direction.ASC;
    } else if (order.equalsIgnoreCase("desc")) {
      direction = Sort.Direction.DESC;
    } else {
      throw new InvalidRequestException("sort_order", "must be asc or desc");
    }
    if (offset < 0) {
      throw new InvalidRequestException("offset", "must be 0 or more");
    }
    if (pageSize < 1 || pageSize > 1000) {
      throw new InvalidRequestException("page_size", "must be between 1 and 1000");
    }
    String text = key == null ? "" : key.strip();
    TextRules.requireOneLine("key", text);
    String pattern =
        text.toLowerCase(Locale.ROOT).replace("!", "!!").replace("%", "!%").replace("_", "!_");
    Sort sort = Sort.by(direction, property).and(Sort.by(direction, "id"));
    Page<LibraryEntity> page =
        libraries.search(clusterId, pattern, new OffsetPage(offset, pageSize, sort));
    List<LibraryEntity> rows = page.getContent();
    long total = page.getTotalElements();
    return new LibraryList(clusterId, total, rows.stream().map(this::view).toList());
  }

  @Transactional(readOnly = true)
  public LibraryDetails details(String clusterId, String libraryId) {
    LibraryEntity library = find(clusterId, libraryId);
    List<PodTaskEntity> runs = tasks.of(PodTaskKind.LIBRARY, String.valueOf(library.getId()));
    LibraryError error = null;
    if (library.getStatus() == LibraryStatus.FAILED) {
      error =
          runs.stream()
              .filter(t -> t.getStatus() == PodTaskStatus.FAILED)
              .findFirst()
              .map(
                  t ->
                      new LibraryError(
                          "LIBRARY_INSTALL_FAILED",
                          "Pod "
                              + t.getPodName()
                              + (t.getExitCode() == null
                                  ? " did not report"
                                  : " exited with " + t.getExitCode())
                              + ":\n"
                              + (t.getLog() == null ? "" : shownLog(library, t.getLog()))))
              .orElse(new LibraryError("LIBRARY_INSTALL_FAILED", "The install failed"));
    }
    LibraryView view = view(library);
    return new LibraryDetails(
        clusterId,
        String.valueOf(library.getId()),
        view.name(),
        view.version(),
        view.type(),
        view.source(),
        view.path(),
        null,
        error,
        view.status(),
        runs.stream().map(t -> podInstall(t, shownLog(library, t.getLog()))).toList());
  }

  @Transactional(readOnly = true)
  public LibraryStatusView status(String clusterId, String libraryId) {
    LibraryEntity library = find(clusterId, libraryId);
    return new LibraryStatusView(libraryId, clusterId, library.getStatus());
  }

  /**
   * On a stopped cluster the libraries are removed now; on a running one they are marked {@code
   * uninstall_pending}: new pods no longer get them, and they are gone once no pod has them (the
   * next stop or restart). Unknown ids are a 404 and nothing changes. Losing to a concurrent write
   * of a library (the runner settling its status) runs it again on a fresh read.
   */
  @RetriedOnConcurrentChange
  @Transactional
  public LibrariesRemoved uninstall(String clusterId, List<Long> ids) {
    ClusterEntity cluster = cluster(clusterId);
    if (ids.isEmpty()) {
      throw new InvalidRequestException("id", "must list at least one library id");
    }
    // One IN list and a scan of it per library found: a body of a million ids cost seconds of a
    // statement and of the heap, under the cluster's lock.
    if (ids.size() > MAX_UNINSTALL) {
      throw new InvalidRequestException(
          "id", "must list at most " + MAX_UNINSTALL + " library ids (" + ids.size() + " given)");
    }
    List<LibraryEntity> found = libraries.findByClusterIdAndIdIn(clusterId, ids);
    List<Long> missing =
        ids.stream().filter(id -> found.stream().noneMatch(l -> l.getId().equals(id))).toList();
    if (!missing.isEmpty()) {
      throw new LibraryNotFoundException(clusterId, missing.toString());
    }
    List<Map<String, Long>> removed = new ArrayList<>();
    for (LibraryEntity library : found) {
      if (cluster.getDesiredState() == DesiredState.STOPPED) {
        libraries.delete(library);
        tasks.forget(PodTaskKind.LIBRARY, List.of(String.valueOf(library.getId())));
      } else {
        library.setStatus(LibraryStatus.UNINSTALL_PENDING, clock.instant());
      }
      removed.add(Map.of("id", library.getId()));
    }
    return new LibrariesRemoved(clusterId, removed);
  }

  /**
   * Installs the library again on every pod where it failed (a new execution id); 409 once it is
   * uninstalled. Losing to a concurrent write of the library runs it again on a fresh read.
   */
  @RetriedOnConcurrentChange
  @Transactional
  public LibraryView retry(String clusterId, String libraryId) {
    ClusterEntity cluster = cluster(clusterId);
    LibraryEntity library = find(clusterId, libraryId);
    if (library.getStatus() == LibraryStatus.UNINSTALL_PENDING) {
      throw new ClusterConflictException(
          "Library " + libraryId + " is being uninstalled; install it again instead");
    }
    library.retry(newExecutionId(), initialStatus(cluster), clock.instant());
    // The library's row first, as a claim of its task locks it (a share lock) before pod_tasks:
    // the other order deadlocked with a claim on a new pod.
    libraries.flush();
    // Only where it failed: the pods that have it keep their record of it, so an uninstall after
    // the retry still knows they do (it deleted the record of a library the pods still had).
    tasks.forgetFailed(PodTaskKind.LIBRARY, List.of(String.valueOf(library.getId())));
    return view(library);
  }

  private LibraryEntity find(String clusterId, String libraryId) {
    cluster(clusterId);
    long id;
    try {
      id = Long.parseLong(libraryId);
    } catch (NumberFormatException e) {
      throw new LibraryNotFoundException(clusterId, libraryId);
    }
    return libraries
        .findByClusterIdAndId(clusterId, id)
        .orElseThrow(() -> new LibraryNotFoundException(clusterId, libraryId));
  }

  /**
   * The cluster, its row locked for sharing until the transaction ends. Read first in its
   * transaction: a locking read of an entity already loaded would answer the state loaded before.
   */
  private ClusterEntity clusterForShare(String clusterId) {
    return clusters
        .findForShare(clusterId)
        .orElseThrow(() -> new ClusterNotFoundException(clusterId));
  }

  private ClusterEntity cluster(String clusterId) {
    return clusters.findById(clusterId).orElseThrow(() -> new ClusterNotFoundException(clusterId));
  }

  private static LibraryStatus initialStatus(ClusterEntity cluster) {
    return cluster.getDesiredState() == DesiredState.RUNNING
        ? LibraryStatus.RUNNING
        : LibraryStatus.CREATED;
  }

  private static String newExecutionId() {
    return UUID.randomUUID().toString().replace("-", "");
  }

  private String metadataJson(LibrarySpec spec) {
    if (spec.source() != LibrarySource.MAVEN) {
      return null;
    }
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("repository", spec.repositoryName());
    if (!spec.exclusions().isEmpty()) {
      metadata.put("exclusions", String.join(",", spec.exclusions()));
    }
    return mapper.writeValueAsString(metadata);
  }

  private MavenMetadata metadata(LibraryEntity library) {
    return library.getMetadata() == null
        ? null
        : mapper.readValue(library.getMetadata(), MavenMetadata.class);
  }

  /** The metadata as shown: a repository URL's credentials masked. */
  private static MavenMetadata shown(MavenMetadata metadata) {
    return metadata == null
        ? null
        : new MavenMetadata(UrlCredentials.masked(metadata.repository()), metadata.exclusions());
  }

  /** A stored library as the request that would add it again. */
  private InstallRequest request(LibraryEntity library) {
    return new InstallRequest(
        library.getSource(),
        switch (library.getSource()) {
          case PYPI ->
              new LibraryBody(library.getName(), library.getPath(), library.getVersion(), null);
          case MAVEN ->
              new LibraryBody(library.getName(), null, library.getVersion(), metadata(library));
          case S3, WORKSPACE -> new LibraryBody(null, library.getPath(), null, null);
        });
  }

  LibraryView view(LibraryEntity library) {
    String version = library.getVersion();
    if (library.getSource() == LibrarySource.PYPI
        && version != null
        && version.startsWith("==")
        && !version.contains(",")) {
      version = version.substring(2); // shown as asked: 2.1.0, not ==2.1.0
    }
    return new LibraryView(
        library.getClusterId(),
        library.getName(),
        library.getStatus(),
        library.getId(),
        version,
        library.getType(),
        library.getSource(),
        UrlCredentials.masked(library.getPath()),
        shown(metadata(library)),
        library.getExecutionId(),
        library.getCreatedAt(),
        library.getUpdatedAt());
  }

  /** An install's output as shown: the library's URL credentials masked (UrlCredentials). */
  private String shownLog(LibraryEntity library, String log) {
    MavenMetadata metadata = metadata(library);
    return UrlCredentials.scrubbed(
        UrlCredentials.scrubbed(log, library.getPath()),
        metadata == null ? null : metadata.repository());
  }

  private static PodInstall podInstall(PodTaskEntity task, String log) {
    return new PodInstall(
        task.getPodName(),
        switch (task.getStatus()) {
          case RUNNING -> LibraryStatus.RUNNING;
          case SUCCESS -> LibraryStatus.SUCCESS;
          case FAILED -> LibraryStatus.FAILED;
        },
        task.getExitCode(),
        log,
        task.getStartedAt(),
        task.getFinishedAt());
  }
}
