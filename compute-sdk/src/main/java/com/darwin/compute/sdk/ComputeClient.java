package com.darwin.compute.sdk;

import com.darwin.compute.model.access.AccessLevel;
import com.darwin.compute.model.access.ClusterAccess;
import com.darwin.compute.model.access.ClusterPermission;
import com.darwin.compute.model.access.PrincipalKind;
import com.darwin.compute.model.cluster.ClusterActionAccepted;
import com.darwin.compute.model.cluster.ClusterCreated;
import com.darwin.compute.model.cluster.ClusterDetails;
import com.darwin.compute.model.cluster.ClusterMetadata;
import com.darwin.compute.model.cluster.ClusterRequest;
import com.darwin.compute.model.cluster.ClusterStatus;
import com.darwin.compute.model.cluster.Dashboards;
import com.darwin.compute.model.command.CommandStatus;
import com.darwin.compute.model.command.CommandStatusView;
import com.darwin.compute.model.command.RemoteCommandRequest;
import com.darwin.compute.model.command.RemoteCommandView;
import com.darwin.compute.model.common.Envelope;
import com.darwin.compute.model.cost.CostEstimate;
import com.darwin.compute.model.history.HistoryServerExtendRequest;
import com.darwin.compute.model.history.HistoryServerRef;
import com.darwin.compute.model.history.HistoryServerRequest;
import com.darwin.compute.model.history.HistoryServerView;
import com.darwin.compute.model.job.JobLogs;
import com.darwin.compute.model.job.JobStatus;
import com.darwin.compute.model.job.JobSubmitRequest;
import com.darwin.compute.model.job.JobView;
import com.darwin.compute.model.job.PackageUploaded;
import com.darwin.compute.model.jupyter.JupyterLink;
import com.darwin.compute.model.jupyter.JupyterPodRequest;
import com.darwin.compute.model.jupyter.JupyterPodView;
import com.darwin.compute.model.jupyter.JupyterRestartRequest;
import com.darwin.compute.model.jupyter.JupyterRestarted;
import com.darwin.compute.model.library.InstallBatchRequest;
import com.darwin.compute.model.library.InstallRequest;
import com.darwin.compute.model.library.LibrariesRemoved;
import com.darwin.compute.model.library.LibraryBatch;
import com.darwin.compute.model.library.LibraryDetails;
import com.darwin.compute.model.library.LibraryList;
import com.darwin.compute.model.library.LibraryStatus;
import com.darwin.compute.model.library.LibraryStatusView;
import com.darwin.compute.model.library.LibraryView;
import com.darwin.compute.model.library.UninstallRequest;
import com.darwin.compute.model.maven.MavenArtifacts;
import com.darwin.compute.model.maven.MavenLibrary;
import com.darwin.compute.model.runtime.GetRuntimesRequest;
import com.darwin.compute.model.runtime.RuntimeSummary;
import com.darwin.compute.model.runtime.RuntimeV2Details;
import com.darwin.compute.model.runtime.RuntimeV2Request;
import com.darwin.compute.model.runtime.RuntimesByClass;
import com.darwin.compute.model.search.ClusterSearchHit;
import com.darwin.compute.model.search.ClusterSearchPage;
import com.darwin.compute.model.search.SearchClusterRequest;
import com.darwin.compute.model.search.SearchV1Request;
import com.darwin.compute.model.search.SearchV1Response;
import com.darwin.compute.sdk.yaml.ClusterYaml;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import tools.jackson.core.JacksonException;
import tools.jackson.core.json.JsonWriteFeature;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;

/**
 * The Java client of Darwin Compute, for notebooks, services and the {@code compute} command line.
 *
 * <pre>{@code
 * ComputeClient compute = ComputeClient.builder("http://localhost:8000").user("me@example.com").build();
 * String id = compute.createFromYaml(Path.of("cluster.yaml")).clusterId();
 * compute.awaitStatus(id, ClusterStatus.ACTIVE, Duration.ofMinutes(10));
 * }</pre>
 *
 * <p>Every failed call throws {@link ComputeException} (HTTP status, message, field errors, whether
 * a retry can help). Calls are retried with jittered exponential backoff ({@link RetryPolicy}) as
 * far as that is safe: any call whose connection could not be made; besides, the idempotent ones
 * (reads, searches, previews, {@code update}, {@code delete}, {@code start} and {@code stop}, which
 * the service accepts when the cluster is already running or stopped) after 5xx, 429 and I/O
 * errors. {@code create} and {@code restart} are not repeated once they may have reached the
 * service, so a 409 they return is always the service's answer to this call; nor is their failure
 * then {@link ComputeException#isRetryable() retryable}, since the service may have carried them
 * out.
 *
 * <p>Thread-safe; one instance per service and identity is enough.
 */
public final class ComputeClient {

  /**
   * {@link ComputeException#code()} of a {@link #searchAll} that reached the 10,000-match window.
   */
  public static final String SEARCH_WINDOW_EXCEEDED = "SEARCH_WINDOW_EXCEEDED";

  private static final String HISTORY = "/spark-history-server";

  /** The identity sent on lifecycle actions when no user is configured (as the Python SDK). */
  public static final String DEFAULT_USER = "sdk";

  private static final String VERSION = "0.1.0";

  private final HttpTransport transport;
  private final String user;
  // With a token the caller is the token's user, and the service refuses an owner other than the
  // caller: the "sdk" fallback would make every create a 403.
  private final boolean tokenWithoutUser;
  private final StatusWatcher watcher =
      new StatusWatcher(this::getInfo, StatusWatcher.Ticker.SYSTEM);

  private ComputeClient(Builder b) {
    this.user = b.user;
    this.tokenWithoutUser = b.bearerToken != null && b.user == null;
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("User-Agent", "darwin-compute-sdk/" + VERSION);
    if (b.bearerToken != null) {
      headers.put("Authorization", "Bearer " + b.bearerToken);
    }
    HttpClient http =
        b.httpClient != null
            ? b.httpClient
            : HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(b.connectTimeout)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    this.transport =
        new HttpTransport(
            http,
            b.baseUrl,
            headers,
            user == null ? null : msdUser(user),
            msdUser(DEFAULT_USER),
            b.requestTimeout,
            b.retryPolicy);
  }

  /**
   * @param baseUrl where the service listens, e.g. {@code http://localhost:8000} or a gateway
   *     prefix such as {@code https://darwin.example.com/compute}
   */
  public static Builder builder(String baseUrl) {
    return new Builder(baseUrl);
  }

  /** A client with default settings and no user. */
  public static ComputeClient connect(String baseUrl) {
    return builder(baseUrl).build();
  }

  public String baseUrl() {
    return transport.baseUrl();
  }

  /** The configured user, sent as {@code msd-user} on every call. */
  public Optional<String> user() {
    return Optional.ofNullable(user);
  }

  // ---------------------------------------------------------------- lifecycle

  /**
   * Creates a cluster, and starts it unless {@code start_cluster} is false. A request without
   * {@code user} gets the client's user (or {@value #DEFAULT_USER}).
   */
  public ClusterCreated create(ClusterRequest request) {
    return data(
        transport.send(Call.command("/cluster", json(owned(request)))), ClusterCreated.class);
  }

  /** Creates a cluster from a file in the Python SDK's {@code request.yaml} format. */
  public ClusterCreated createFromYaml(Path file) {
    return create(ClusterYaml.read(file));
  }

  /** As {@link #createFromYaml(Path)}, overriding the file's {@code start_cluster}. */
  public ClusterCreated createFromYaml(Path file, boolean startCluster) {
    return create(RequestCopies.withStartCluster(ClusterYaml.read(file), startCluster));
  }

  /**
   * Starts a stopped cluster under a new run id. One already running is left as it is (the same
   * run), and answered as a start would be.
   */
  public ClusterActionAccepted start(String clusterId) {
    return data(
        transport.send(Call.lifecycle("/cluster/start-cluster/" + segment(clusterId))),
        ClusterActionAccepted.class);
  }

  /**
   * Stops a cluster: its pods go away, its definition stays. One already stopped is left as it is.
   */
  public void stop(String clusterId) {
    transport.send(Call.lifecycle("/cluster/stop-cluster/" + segment(clusterId)));
  }

  /** Recreates a running cluster's pods under the same run id. 409 if it is stopped. */
  public ClusterActionAccepted restart(String clusterId) {
    return data(
        transport.send(Call.action("/cluster/restart-cluster/" + segment(clusterId))),
        ClusterActionAccepted.class);
  }

  /**
   * Replaces a cluster's definition. A running cluster is updated in place (worker counts) or
   * restarted; a stopped one is started when {@code start_cluster} is true (the default).
   */
  public ClusterUpdated update(String clusterId, ClusterRequest request) {
    return data(
        transport.send(Call.put("/cluster/" + segment(clusterId), json(owned(request)))),
        ClusterUpdated.class);
  }

  public ClusterUpdated updateFromYaml(String clusterId, Path file) {
    return update(clusterId, ClusterYaml.read(file));
  }

  /**
   * Deletes a stopped cluster (409 while it runs). When a retry finds the cluster gone after an
   * attempt whose answer was lost, that attempt deleted it, and this returns normally.
   */
  public void delete(String clusterId) {
    transport.send(Call.delete("/cluster/" + segment(clusterId)));
  }

  // ---------------------------------------------------------------- sharing

  /** The owner and the users and groups a cluster is shared with. */
  public ClusterAccess getPermissions(String clusterId) {
    return data(
        transport.send(Call.get("/cluster/" + segment(clusterId) + "/permissions")),
        ClusterAccess.class);
  }

  /**
   * Shares a cluster with a user or group at a level, or changes the level of a share (owner,
   * {@code can_manage}, admins). Returns the cluster's access afterwards.
   */
  public ClusterAccess share(
      String clusterId, PrincipalKind kind, String principal, AccessLevel level) {
    return data(
        transport.send(
            Call.put(
                "/cluster/" + segment(clusterId) + "/permissions",
                json(new ClusterPermission(kind, principal, level)))),
        ClusterAccess.class);
  }

  /** Stops sharing a cluster with a user or group (404 if it was not shared with them). */
  public ClusterAccess unshare(String clusterId, PrincipalKind kind, String principal) {
    return data(
        transport.send(
            Call.delete(
                "/cluster/"
                    + segment(clusterId)
                    + "/permissions/"
                    + kind.wireName()
                    + "/"
                    + segment(principal))),
        ClusterAccess.class);
  }

  // ---------------------------------------------------------------- reads

  /** The status row ({@code GET /cluster/{id}/metadata}); the Python SDK's {@code get_info}. */
  public ClusterMetadata getInfo(String clusterId) {
    return data(
        transport.send(Call.get("/cluster/" + segment(clusterId) + "/metadata")),
        ClusterMetadata.class);
  }

  /** The full view: definition, status, dashboards ({@code GET /cluster/{id}}). */
  public ClusterDetails getDetails(String clusterId) {
    return data(transport.send(Call.get("/cluster/" + segment(clusterId))), ClusterDetails.class);
  }

  public Dashboards getDashboards(String clusterId) {
    return getDashboards(clusterId, false);
  }

  /**
   * @param internal links that work inside the Kubernetes cluster instead of through the gateway
   */
  public Dashboards getDashboards(String clusterId, boolean internal) {
    return data(
        transport.send(
            Call.get("/cluster/" + segment(clusterId) + "/dashboards?internal=" + internal)),
        Dashboards.class);
  }

  /** One page of search v2 ({@code POST /cluster/search}). */
  public ClusterSearchPage search(SearchClusterRequest request) {
    return data(
        transport.send(Call.query("/cluster/search", json(request))), ClusterSearchPage.class);
  }

  /** One page of clusters whose name contains {@code query}, newest first. */
  public ClusterSearchPage search(String query, int pageSize, int offset) {
    return search(new SearchClusterRequest(query, null, null, null, pageSize, offset));
  }

  /**
   * Every cluster matching the request, from its {@code offset} on, fetching pages of {@code
   * page_size} lazily as the stream is consumed; up to the service's window of 10,000 matches: a
   * search that may match more throws a {@link ComputeException} with code {@link
   * #SEARCH_WINDOW_EXCEEDED} once every hit in the window has been streamed (also when it matches
   * exactly 10,000: the service counts no further).
   */
  public Stream<ClusterSearchHit> searchAll(SearchClusterRequest request) {
    return StreamSupport.stream(
        Spliterators.spliteratorUnknownSize(
            new SearchPages(this::search, request), Spliterator.ORDERED | Spliterator.NONNULL),
        false);
  }

  /** Search v1 ({@code POST /search}), newest first: the Python SDK's {@code get_all}. */
  public SearchV1Response getAll(String query, int pageSize, int offset) {
    SearchV1Request request =
        new SearchV1Request(query, Map.of(), null, "created_on", "desc", pageSize, offset, null);
    // Search v1 answers without the envelope.
    return read(transport.send(Call.query("/search", json(request))), SearchV1Response.class);
  }

  /** The runtimes by class ({@code cpu}, {@code gpu}, {@code custom}). */
  public Map<String, List<RuntimeSummary>> getRuntimes() {
    Reply reply = transport.send(Call.get("/get-runtimes"));
    try {
      return WireJson.mapper()
          .convertValue(
              envelopeData(reply), new TypeReference<Map<String, List<RuntimeSummary>>>() {});
    } catch (JacksonException e) {
      throw unreadable(reply.call(), "runtimes", e);
    }
  }

  // ---------------------------------------------------------------- runtime catalogue

  /**
   * Every class of the runtime catalogue, first page of each type ({@code /runtime/v2/get-all}).
   */
  public List<RuntimesByClass> listRuntimes() {
    return listRuntimes(GetRuntimesRequest.all());
  }

  /**
   * Runtimes by class and type, with each class's default; custom runtimes split into the caller's
   * and others' (the caller is the client's user, else {@value #DEFAULT_USER}).
   */
  public List<RuntimesByClass> listRuntimes(GetRuntimesRequest request) {
    Reply reply = transport.send(Call.identifiedQuery("/runtime/v2/get-all", json(request)));
    try {
      return WireJson.mapper()
          .convertValue(envelopeData(reply), new TypeReference<List<RuntimesByClass>>() {});
    } catch (JacksonException e) {
      throw unreadable(reply.call(), "runtimes", e);
    }
  }

  /** One runtime by name; a 400 when there is none (as the Python service answers). */
  public RuntimeV2Details getRuntime(String name) {
    return data(
        transport.send(Call.get("/runtime/v2/get-details/" + segment(name))),
        RuntimeV2Details.class);
  }

  /**
   * Registers a runtime (or brings back a soft-deleted one of that name). A request without {@code
   * user} is signed with the client's user. Not repeated once sent.
   */
  public RuntimeV2Details createRuntime(RuntimeV2Request request) {
    return data(
        transport.send(Call.command("/runtime/v2/create", json(signed(request)))),
        RuntimeV2Details.class);
  }

  /** Replaces a runtime's description (its name stays); sending it twice changes nothing more. */
  public RuntimeV2Details updateRuntime(RuntimeV2Request request) {
    return data(
        transport.send(Call.query("/runtime/v2/update", json(signed(request)))),
        RuntimeV2Details.class);
  }

  /**
   * Soft-deletes a runtime: 409 while a running cluster uses it, 400 for a class's default. Not
   * repeated once sent.
   */
  public void deleteRuntime(String name) {
    transport.send(
        new Call(
            "DELETE",
            "/runtime/v2/soft-delete/" + segment(name),
            null,
            Call.JSON,
            false,
            false,
            true));
  }

  private RuntimeV2Request signed(RuntimeV2Request r) {
    Objects.requireNonNull(r, "request");
    if (r.user() != null && !r.user().isBlank()) {
      return r;
    }
    return new RuntimeV2Request(
        r.runtime(),
        r.runtimeClass(),
        r.type(),
        r.image(),
        r.referenceLink(),
        r.components(),
        bodyUser(),
        r.setAsDefault(),
        r.sparkConnect(),
        r.sparkAutoInit(),
        r.imagePullSecret());
  }

  /** Whether the service answers its health check. Never throws. */
  public boolean isHealthy() {
    try {
      transport.send(Call.get("/health"));
      return true;
    } catch (ComputeException e) {
      return false;
    }
  }

  // ---------------------------------------------------------------- previews

  /**
   * The hourly cost range of a definition ({@code POST /cluster/cost/predict}); nothing is made.
   */
  public CostEstimate predictCost(ClusterRequest request) {
    return data(
        transport.send(Call.query("/cluster/cost/predict", json(owned(request)))),
        CostEstimate.class);
  }

  /** The Kubernetes manifest a definition renders to, as YAML ({@code POST /cluster/manifest}). */
  public String manifestYaml(ClusterRequest request) {
    return transport
        .send(Call.query("/cluster/manifest", json(owned(request))).accepting(Call.YAML))
        .body();
  }

  /** The Kubernetes manifest a definition renders to, as JSON (the envelope's {@code data}). */
  public JsonNode manifest(ClusterRequest request) {
    return envelopeData(transport.send(Call.query("/cluster/manifest", json(owned(request)))));
  }

  // ---------------------------------------------------------------- waiting

  /**
   * Waits until the cluster reaches {@code target}; see {@link #awaitStatus(String, ClusterStatus,
   * WaitOptions)}.
   */
  public ClusterMetadata awaitStatus(String clusterId, ClusterStatus target, Duration timeout) {
    return awaitStatus(clusterId, target, WaitOptions.timeout(timeout));
  }

  public ClusterMetadata awaitStatus(
      String clusterId, ClusterStatus target, Duration timeout, Consumer<WaitProgress> progress) {
    return awaitStatus(clusterId, target, WaitOptions.timeout(timeout).withProgress(progress));
  }

  /**
   * Polls the status row (growing intervals) until the cluster reaches {@code target}, reporting
   * each observation to the options' progress callback, and returns the row that showed it. Waiting
   * for {@link ClusterStatus#ACTIVE} is also satisfied by {@code worker_nodes_scaled} and {@code
   * worker_nodes_died} (the UI's "active": head and Jupyter are up).
   *
   * <p>Gives up with {@link ClusterWaitException} when the timeout passes, when the cluster is
   * {@code inactive} while waiting for anything else (it was stopped, or never started), or when it
   * stays {@code head_node_died}/{@code cluster_died} longer than the grace period. A short outage
   * of the service does not end the wait; a 404 (the cluster was deleted) does, as a {@link
   * ComputeException}.
   */
  public ClusterMetadata awaitStatus(String clusterId, ClusterStatus target, WaitOptions options) {
    Objects.requireNonNull(target, "target");
    segment(clusterId);
    return watcher.await(clusterId, target, options);
  }

  // ---------------------------------------------------------------- Jupyter pods

  /**
   * The consumer's Jupyter pod ({@code POST /jupyter-pod}): its own, else a free pod of the warm
   * pool, else a new one ({@code status} creating: the link works once it is ready). Safe to
   * repeat: the same consumer always gets the same pod.
   */
  public JupyterLink attachJupyter(String consumerId) {
    return data(
        transport.send(
            new Call(
                "POST",
                "/jupyter-pod",
                json(new JupyterPodRequest(consumerId)),
                Call.JSON,
                true,
                false,
                true)),
        JupyterLink.class);
  }

  /** The link of a Jupyter pod ({@code GET /jupyter/path/{name}}). */
  public JupyterLink jupyterPath(String podName) {
    return data(transport.send(Call.get("/jupyter/path/" + segment(podName))), JupyterLink.class);
  }

  /** One Jupyter pod with its status and timeline. */
  public JupyterPodView getJupyterPod(String podName) {
    return data(
        transport.send(Call.get("/jupyter/pods/" + segment(podName))), JupyterPodView.class);
  }

  /** Every Jupyter pod (operators; admins only), with the deleted ones when asked. */
  public List<JupyterPodView> listJupyterPods(boolean withDeleted) {
    Reply reply =
        transport.send(
            new Call(
                "GET",
                "/jupyter/pods" + (withDeleted ? "?deleted=true" : ""),
                null,
                Call.JSON,
                true,
                false,
                true));
    try {
      return WireJson.mapper()
          .convertValue(envelopeData(reply), new TypeReference<List<JupyterPodView>>() {});
    } catch (JacksonException e) {
      throw unreadable(reply.call(), "Jupyter pods", e);
    }
  }

  /**
   * Recreates a Jupyter pod's server under the same name and link ({@code POST /jupyter/restart}).
   * Not repeated once sent.
   */
  public JupyterRestarted restartJupyter(String podName) {
    return data(
        transport.send(
            new Call(
                "POST",
                "/jupyter/restart",
                json(new JupyterRestartRequest(null, podName, null)),
                Call.JSON,
                false,
                false,
                true)),
        JupyterRestarted.class);
  }

  /**
   * Deletes a Jupyter pod (operators); its consumer gets a new one on its next attach. Not repeated
   * once sent.
   */
  public JupyterPodView deleteJupyterPod(String podName) {
    return data(
        transport.send(
            new Call(
                "DELETE",
                "/jupyter/pods/" + segment(podName),
                null,
                Call.JSON,
                false,
                false,
                true)),
        JupyterPodView.class);
  }

  // ---------------------------------------------------------------- Ray jobs

  /**
   * Submits a Ray job ({@code POST /cluster/{id}/jobs}). A request without {@code submission_id}
   * gets one here ({@code raysubmit_...}), so retrying it after a lost answer finds the same job
   * instead of making a second one. 422 when no node could ever run it; 409 on a stopped cluster
   * unless {@code start_cluster} is true.
   */
  public JobView submitJob(String clusterId, JobSubmitRequest request) {
    Objects.requireNonNull(request, "request");
    JobSubmitRequest identified =
        request.submissionId() == null ? request.withSubmissionId(newSubmissionId()) : request;
    return data(
        transport.send(
            new Call(
                "POST",
                "/cluster/" + segment(clusterId) + "/jobs",
                json(identified),
                Call.JSON,
                true,
                false,
                true)),
        JobView.class);
  }

  /**
   * Packs {@code workingDir} as Ray does, uploads it to the cluster's Ray dashboard (unless it is
   * there already) and submits the job with it as {@code runtime_env.working_dir}.
   */
  public JobView submitJob(String clusterId, JobSubmitRequest request, Path workingDir) {
    if (Boolean.TRUE.equals(request.startCluster())) {
      activeForUpload(clusterId);
    }
    String uri = uploadWorkingDir(clusterId, workingDir);
    Map<String, Object> env =
        new LinkedHashMap<>(request.runtimeEnv() == null ? Map.of() : request.runtimeEnv());
    env.put("working_dir", uri);
    return submitJob(clusterId, request.withRuntimeEnv(env));
  }

  /**
   * How long a submission with a working directory and {@code start_cluster} waits for its cluster
   * to come up (the service's own creation timeout is 40 minutes).
   */
  static final Duration UPLOAD_START_TIMEOUT = Duration.ofMinutes(40);

  /**
   * A working directory is uploaded to the cluster's Ray dashboard, which a stopped or starting
   * cluster does not have yet: the cluster is started if it is stopped, and awaited until it is
   * active, as the job itself would have waited for it.
   */
  private void activeForUpload(String clusterId) {
    if (getInfo(clusterId).status() == ClusterStatus.INACTIVE) {
      try {
        start(clusterId);
      } catch (ComputeException e) {
        // Started by someone else meanwhile (awaited all the same); any other refusal stands.
        if (e.status() != 409 || getInfo(clusterId).status() == ClusterStatus.INACTIVE) {
          throw e;
        }
      }
    }
    awaitStatus(clusterId, ClusterStatus.ACTIVE, UPLOAD_START_TIMEOUT);
  }

  /** Uploads a working directory and returns its {@code gcs://} URI for {@code runtime_env}. */
  public String uploadWorkingDir(String clusterId, Path workingDir) {
    WorkingDirPackage pkg = WorkingDirPackage.of(workingDir);
    Call call =
        new Call(
            "PUT",
            "/cluster/" + segment(clusterId) + "/jobs/packages/" + segment(pkg.name()),
            null,
            Call.JSON,
            true,
            false,
            true);
    return data(transport.sendBytes(call, pkg.zip(), "application/zip"), PackageUploaded.class)
        .uri();
  }

  public List<JobView> listJobs(String clusterId) {
    Reply reply = transport.send(Call.identifiedGet("/cluster/" + segment(clusterId) + "/jobs"));
    try {
      return WireJson.mapper()
          .convertValue(envelopeData(reply), new TypeReference<List<JobView>>() {});
    } catch (JacksonException e) {
      throw unreadable(reply.call(), "jobs", e);
    }
  }

  public JobView getJob(String clusterId, String submissionId) {
    return data(
        transport.send(Call.identifiedGet(jobPath(clusterId, submissionId))), JobView.class);
  }

  /** Stops a job; 409 if it has already ended. Not repeated once sent. */
  public JobView stopJob(String clusterId, String submissionId) {
    return data(
        transport.send(Call.action(jobPath(clusterId, submissionId) + "/stop")), JobView.class);
  }

  /** Deletes an ended job (409 while it is open). */
  public void deleteJob(String clusterId, String submissionId) {
    transport.send(
        new Call("DELETE", jobPath(clusterId, submissionId), null, Call.JSON, true, true, true));
  }

  /** The job's driver log; {@code tail} = the last lines only (null for all). */
  public JobLogs jobLogs(String clusterId, String submissionId, Integer tail) {
    return data(
        transport.send(
            Call.identifiedGet(
                jobPath(clusterId, submissionId)
                    + "/logs"
                    + (tail == null ? "" : "?tail=" + tail))),
        JobLogs.class);
  }

  /**
   * Polls the job (0.5 s, growing to 5 s) until it has ended, handing every observation to {@code
   * progress}, and returns the final view. A short outage of the service does not end the wait.
   *
   * @throws JobWaitException when {@code timeout} passes first
   */
  public JobView awaitJob(
      String clusterId, String submissionId, Duration timeout, Consumer<JobView> progress) {
    long started = System.nanoTime();
    long pause = 500;
    JobView last = null;
    while (true) {
      try {
        last = getJob(clusterId, submissionId);
        if (progress != null) {
          progress.accept(last);
        }
        if (last.status().isTerminal()) {
          return last;
        }
      } catch (ComputeException e) {
        if (!e.isRetryable()) {
          throw e;
        }
      }
      Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
      if (elapsed.compareTo(timeout) >= 0) {
        throw new JobWaitException(false, last, elapsed);
      }
      try {
        Thread.sleep(Math.min(pause, timeout.minus(elapsed).toMillis() + 1));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new JobWaitException(true, last, Duration.ofNanos(System.nanoTime() - started));
      }
      pause = Math.min(5000, pause * 3 / 2);
    }
  }

  /**
   * Follows a job's log: hands each piece to {@code sink} as the service streams it ({@code GET
   * .../logs?follow=true}, which follows Ray's own log stream and places a long log by its
   * content), until the job has ended (its last output included), and returns the final status. A
   * stream that ends or breaks before the job does (the service restarted) is opened again, past
   * what was handed on; past the service's download limit that cannot be counted, and the reopened
   * stream is handed on whole after a line saying so ({@link FollowedLog}). A short outage, or a
   * 5xx, is waited out (1 s, doubling up to 5 s); any other refusal ends the follow.
   *
   * @throws JobWaitException when {@code timeout} passes first, or the thread is interrupted
   */
  public JobStatus followJobLogs(
      String clusterId, String submissionId, Duration timeout, Consumer<String> sink) {
    long started = System.nanoTime();
    FollowedLog log = new FollowedLog(sink);
    JobView last = null;
    long pause = 500;
    Call follow =
        Call.identifiedGet(jobPath(clusterId, submissionId) + "/logs?follow=true")
            .accepting("text/plain");
    while (true) {
      Duration left = timeout.minus(Duration.ofNanos(System.nanoTime() - started));
      if (!left.isNegative() && !left.isZero()) {
        try {
          try {
            transport.stream(follow, left, log.nextStream());
          } finally {
            log.streamEnded();
          }
          last = getJob(clusterId, submissionId);
          if (last.status().isTerminal()) {
            return last.status();
          }
          pause = 500;
        } catch (ComputeException e) {
          if (Thread.currentThread().isInterrupted()) {
            throw new JobWaitException(true, last, Duration.ofNanos(System.nanoTime() - started));
          }
          if (!e.isRetryable()) {
            throw e;
          }
          pause = Math.min(5000, pause * 2);
        }
      }
      Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
      if (elapsed.compareTo(timeout) >= 0) {
        throw new JobWaitException(false, last, elapsed);
      }
      try {
        Thread.sleep(Math.min(pause, timeout.minus(elapsed).toMillis() + 1));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new JobWaitException(true, last, Duration.ofNanos(System.nanoTime() - started));
      }
    }
  }

  // ---------------------------------------------------------------- libraries

  /** A page of the cluster's libraries ({@code GET /cluster/{id}/library}); key filters names. */
  public LibraryList listLibraries(String clusterId, String key, int offset, int pageSize) {
    return data(
        transport.send(
            Call.get(
                libraryPath(clusterId)
                    + "?key="
                    + java.net.URLEncoder.encode(key == null ? "" : key, StandardCharsets.UTF_8)
                    + "&offset="
                    + offset
                    + "&page_size="
                    + pageSize)),
        LibraryList.class);
  }

  /** Installs one library (the existing one when it is already there). */
  public LibraryView installLibrary(String clusterId, InstallRequest request) {
    Objects.requireNonNull(request, "request");
    return data(
        transport.send(
            new Call(
                "POST",
                libraryPath(clusterId) + "/install",
                json(request),
                Call.JSON,
                true,
                false,
                true)),
        LibraryView.class);
  }

  /** Installs several libraries; one invalid library and none is installed (400). */
  public LibraryBatch installLibraries(String clusterId, List<InstallRequest> requests) {
    return data(
        transport.send(
            new Call(
                "POST",
                libraryPath(clusterId) + "/install/batch",
                json(new InstallBatchRequest(requests)),
                Call.JSON,
                true,
                false,
                true)),
        LibraryBatch.class);
  }

  public LibraryStatusView libraryStatus(String clusterId, long libraryId) {
    return data(
        transport.send(Call.get(libraryPath(clusterId) + "/" + libraryId + "/status")),
        LibraryStatusView.class);
  }

  /** A library with each pod's attempt; a failed one carries the failing pod's log. */
  public LibraryDetails getLibrary(String clusterId, long libraryId) {
    return data(
        transport.send(Call.get(libraryPath(clusterId) + "/" + libraryId)), LibraryDetails.class);
  }

  /**
   * Uninstalls libraries: all of them or, when an id is unknown, none (404). When a retry is
   * answered 404 after an attempt whose answer was lost, that attempt removed them (on a stopped
   * cluster they are deleted at once) unless one is still there: this reads them to tell, and
   * returns them as removed or throws the 404.
   */
  public LibrariesRemoved uninstallLibraries(String clusterId, List<Long> ids) {
    Reply reply =
        transport.send(
            new Call(
                "PUT",
                libraryPath(clusterId) + "/uninstall",
                json(new UninstallRequest(ids)),
                Call.JSON,
                true,
                true,
                true));
    if (reply.body().isEmpty()) {
      // A 404 to the retry: the lost attempt removed them all, or an id is unknown and nothing was
      // removed (the service removes all or none). Told apart by whether any is still there.
      for (Long id : ids) {
        try {
          getLibrary(clusterId, id);
        } catch (ComputeException e) {
          if (e.isNotFound()) {
            continue;
          }
          throw e;
        }
        throw new ComputeException(
            "PUT",
            libraryPath(clusterId) + "/uninstall",
            404,
            "NOT_FOUND",
            "Not every library of " + ids + " was found; none was removed (" + id + " is there)",
            List.of(),
            false,
            2,
            null);
      }
      return new LibrariesRemoved(clusterId, ids.stream().map(id -> Map.of("id", id)).toList());
    }
    return data(reply, LibrariesRemoved.class);
  }

  /** Installs a library again on every pod. Not repeated once sent. */
  public LibraryView retryLibrary(String clusterId, long libraryId) {
    return data(
        transport.send(
            new Call(
                "PATCH",
                libraryPath(clusterId) + "/" + libraryId + "/install/retry",
                null,
                Call.JSON,
                false,
                false,
                true)),
        LibraryView.class);
  }

  /**
   * Polls a library until it is installed everywhere ({@code success}) or failed, and returns its
   * details ({@code running} when the timeout passes first); a cluster that is stopped leaves it
   * {@code created}, which is returned at once. A short outage of the service does not end the
   * wait.
   */
  public LibraryDetails awaitLibrary(String clusterId, long libraryId, Duration timeout) {
    return poll(
        () -> getLibrary(clusterId, libraryId),
        details -> details.status() != LibraryStatus.RUNNING,
        timeout);
  }

  private static String libraryPath(String clusterId) {
    return "/cluster/" + segment(clusterId) + "/library";
  }

  // ---------------------------------------------------------------- remote commands

  /**
   * Runs a command now on the cluster's pods of its target (at its next start on a stopped
   * cluster); returns its execution id. Not repeated once sent.
   */
  public String executeCommand(String clusterId, RemoteCommandRequest request) {
    Objects.requireNonNull(request, "request");
    JsonNode data =
        envelopeData(
            transport.send(
                new Call(
                    "POST",
                    "/cluster/" + segment(clusterId) + "/command/execute",
                    json(request),
                    Call.JSON,
                    false,
                    false,
                    true)));
    return data.get("execution_id").asString();
  }

  public CommandStatusView commandStatus(String clusterId, String executionId) {
    return data(
        transport.send(
            Call.identifiedGet(
                "/cluster/" + segment(clusterId) + "/command/" + segment(executionId) + "/status")),
        CommandStatusView.class);
  }

  public List<RemoteCommandView> listCommands(String clusterId) {
    Reply reply =
        transport.send(Call.identifiedGet("/cluster/" + segment(clusterId) + "/commands"));
    try {
      return WireJson.mapper()
          .convertValue(
              envelopeData(reply).get("remote_commands"),
              new TypeReference<List<RemoteCommandView>>() {});
    } catch (JacksonException e) {
      throw unreadable(reply.call(), "remote commands", e);
    }
  }

  /**
   * Polls a command until every targeted pod has reported ({@code success} or {@code failed}), and
   * returns its status; {@code running} when the timeout passes first. A stopped cluster keeps the
   * command {@code created} until its next start: that is returned at once, as nothing will run
   * before someone starts the cluster. A short outage of the service does not end the wait.
   */
  public CommandStatusView awaitCommand(String clusterId, String executionId, Duration timeout) {
    return poll(
        () -> commandStatus(clusterId, executionId),
        view -> view.status() != CommandStatus.RUNNING,
        timeout);
  }

  /**
   * Reads (0.5 s, growing to 5 s) until {@code done} holds or {@code timeout} passes, and returns
   * the last observation. As in {@link #awaitJob}, a short outage of the service does not end the
   * wait; a retryable failure that lasts past the timeout with nothing observed is thrown.
   */
  private <T> T poll(Supplier<T> read, Predicate<T> done, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    long pause = 500;
    T last = null;
    while (true) {
      ComputeException failure = null;
      try {
        last = read.get();
        if (done.test(last)) {
          return last;
        }
      } catch (ComputeException e) {
        if (!e.isRetryable()) {
          throw e;
        }
        failure = e;
      }
      long left = deadline - System.nanoTime();
      if (left < 0) {
        if (last == null) {
          throw failure;
        }
        return last;
      }
      sleep(Math.min(pause, left / 1_000_000 + 1));
      pause = Math.min(5000, pause * 3 / 2);
    }
  }

  // ---------------------------------------------------------------- Maven search

  public MavenLibrary searchMaven(String search, int pageSize, int offset) {
    return data(
        transport.send(
            Call.get(
                "/maven/package?repository=CENTRAL&search="
                    + java.net.URLEncoder.encode(search, StandardCharsets.UTF_8)
                    + "&page_size="
                    + pageSize
                    + "&offset="
                    + offset)),
        MavenLibrary.class);
  }

  public MavenArtifacts mavenVersions(String groupId, String artifactId) {
    return data(
        transport.send(
            Call.get(
                "/maven/package/group/" + segment(groupId) + "/artifact/" + segment(artifactId))),
        MavenArtifacts.class);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting", e);
    }
  }

  private static String jobPath(String clusterId, String submissionId) {
    return "/cluster/" + segment(clusterId) + "/jobs/" + segment(submissionId);
  }

  private static String newSubmissionId() {
    byte[] bytes = new byte[8];
    new java.security.SecureRandom().nextBytes(bytes);
    return "raysubmit_" + java.util.HexFormat.of().formatHex(bytes);
  }

  // ---------------------------------------------------------------- plumbing

  private ClusterRequest owned(ClusterRequest request) {
    Objects.requireNonNull(request, "request");
    if (request.user() != null && !request.user().isBlank()) {
      return request;
    }
    return RequestCopies.withUser(request, bodyUser());
  }

  /**
   * Who a request that names no user is for: the client's user, else the Python SDK's default; with
   * a token but no user, an {@link IllegalStateException} before anything is sent (the client is
   * set up wrong, not the service's answer).
   */
  private String bodyUser() {
    if (user != null) {
      return user;
    }
    if (tokenWithoutUser) {
      throw new IllegalStateException(
          "This request names no user, and a bearer token's user is not known to the client: set"
              + " the client's user (user(...), --user, COMPUTE_USER) to the token's identity, or"
              + " name the user in the request");
    }
    return DEFAULT_USER;
  }

  private static String json(Object body) {
    return WireJson.mapper().writeValueAsString(body);
  }

  /**
   * The {@code msd-user} header, in ASCII: other characters as JSON unicode escapes, which the
   * service's JSON parser decodes. Raw, they would not arrive: the JDK sends header values as
   * ISO-8859-1 and refuses chars above U+00FF, while the service reads raw non-ASCII bytes as
   * UTF-8.
   */
  private static String msdUser(String email) {
    return WireJson.mapper()
        .writer()
        .with(JsonWriteFeature.ESCAPE_NON_ASCII)
        .writeValueAsString(Map.of("email", email));
  }

  // ---------------------------------------------------------------- Spark History Servers

  /**
   * Starts the Spark History Server of a resource ({@code POST /spark-history-server}): one per
   * resource, so a repeat finds the running one (safe to retry); a stopped one is started again.
   */
  public HistoryServerRef startHistoryServer(HistoryServerRequest request) {
    Objects.requireNonNull(request, "request");
    return data(
        transport.send(new Call("POST", HISTORY, json(request), Call.JSON, true, false, true)),
        HistoryServerRef.class);
  }

  /** Every history server ({@code activeOnly}: the created and active ones), oldest first. */
  public List<HistoryServerView> listHistoryServers(boolean activeOnly, int limit, int offset) {
    Reply reply =
        transport.send(
            Call.get(
                HISTORY + (activeOnly ? "/active" : "") + "?limit=" + limit + "&offset=" + offset));
    try {
      return WireJson.mapper()
          .convertValue(envelopeData(reply), new TypeReference<List<HistoryServerView>>() {});
    } catch (JacksonException e) {
      throw unreadable(reply.call(), "history servers", e);
    }
  }

  public HistoryServerView getHistoryServer(String id) {
    return data(transport.send(Call.get(HISTORY + "/" + segment(id))), HistoryServerView.class);
  }

  /** The history server of a resource (a cluster id); 404 when it has none. */
  public HistoryServerView getHistoryServerOf(String resource) {
    return data(
        transport.send(Call.get(HISTORY + "/resource/" + segment(resource))),
        HistoryServerView.class);
  }

  /** Stops a running history server; 409 when it is not running. Not repeated once sent. */
  public void stopHistoryServer(String id) {
    transport.send(
        new Call(
            "PUT",
            HISTORY + "/stop?spark_history_server_id=" + segment(id),
            null,
            Call.JSON,
            false,
            false,
            true));
  }

  /** The server now stops {@code ttl} minutes from now (409 when it is not running). */
  public HistoryServerView extendHistoryServer(String id, int ttl) {
    return data(
        transport.send(
            new Call(
                "PUT",
                HISTORY + "/" + segment(id) + "/ttl",
                json(new HistoryServerExtendRequest(ttl)),
                Call.JSON,
                true,
                false,
                true)),
        HistoryServerView.class);
  }

  /** Deletes a stopped history server (409 while it runs). */
  public void deleteHistoryServer(String id) {
    transport.send(
        new Call("DELETE", HISTORY + "/" + segment(id), null, Call.JSON, true, true, true));
  }

  private <T> T data(Reply reply, Class<T> type) {
    JsonNode data = envelopeData(reply);
    if (data == null || data.isNull() || data.isMissingNode()) {
      return null;
    }
    try {
      return WireJson.mapper().treeToValue(data, type);
    } catch (JacksonException e) {
      throw unreadable(reply.call(), type.getSimpleName(), e);
    }
  }

  /** The envelope's {@code data}; an {@code ERROR} envelope with a 2xx status is still an error. */
  private JsonNode envelopeData(Reply reply) {
    if (reply.body() == null || reply.body().isBlank()) {
      return null;
    }
    JsonNode envelope = read(reply, JsonNode.class);
    JsonNode status = envelope.get("status");
    if (status != null && Envelope.ERROR.equals(status.asString())) {
      throw ErrorResponses.fromResponse(
          reply.call(), reply.status(), reply.body(), reply.attempts());
    }
    return envelope.get("data");
  }

  private <T> T read(Reply reply, Class<T> type) {
    try {
      return WireJson.mapper().readValue(reply.body(), type);
    } catch (JacksonException e) {
      throw unreadable(reply.call(), type.getSimpleName(), e);
    }
  }

  private static ComputeException unreadable(Call call, String what, JacksonException e) {
    return new ComputeException(
        call.method(),
        call.path(),
        0,
        "UNREADABLE_RESPONSE",
        "The service's answer could not be read as " + what + ": " + e.getOriginalMessage(),
        List.of(),
        false,
        1,
        e);
  }

  /** A cluster id as one path segment: anything outside the unreserved characters is escaped. */
  static String segment(String id) {
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("cluster id is required");
    }
    StringBuilder out = new StringBuilder();
    for (byte b : id.strip().getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '_'
          || c == '.'
          || c == '~') {
        out.append(c);
      } else {
        out.append('%').append(String.format("%02X", b & 0xff));
      }
    }
    return out.toString();
  }

  /** Settings of a {@link ComputeClient}. */
  public static final class Builder {

    private final String baseUrl;
    private String user;
    private String bearerToken;
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration requestTimeout = Duration.ofSeconds(60);
    private RetryPolicy retryPolicy = RetryPolicy.defaults();
    private HttpClient httpClient;

    private Builder(String baseUrl) {
      Objects.requireNonNull(baseUrl, "baseUrl");
      String trimmed = baseUrl.strip();
      while (trimmed.endsWith("/")) {
        trimmed = trimmed.substring(0, trimmed.length() - 1);
      }
      if (!trimmed.startsWith("http://") && !trimmed.startsWith("https://")) {
        throw new IllegalArgumentException(
            "baseUrl must start with http:// or https://: " + baseUrl);
      }
      this.baseUrl = trimmed;
    }

    /**
     * Sent as {@code msd-user: {"email": user}} on every call, and as the owner of new clusters.
     */
    public Builder user(String user) {
      this.user = user == null || user.isBlank() ? null : user.strip();
      return this;
    }

    /** Sent as {@code Authorization: Bearer token} on every call. */
    public Builder bearerToken(String token) {
      this.bearerToken = token == null || token.isBlank() ? null : token.strip();
      return this;
    }

    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = Objects.requireNonNull(timeout);
      return this;
    }

    /** How long one HTTP exchange may take (default 60 s, as the Python SDK). */
    public Builder requestTimeout(Duration timeout) {
      this.requestTimeout = Objects.requireNonNull(timeout);
      return this;
    }

    public Builder retryPolicy(RetryPolicy policy) {
      this.retryPolicy = Objects.requireNonNull(policy);
      return this;
    }

    /** Your own {@link HttpClient} (proxy, TLS settings); the connect timeout is then yours too. */
    public Builder httpClient(HttpClient client) {
      this.httpClient = client;
      return this;
    }

    public ComputeClient build() {
      return new ComputeClient(this);
    }
  }
}
