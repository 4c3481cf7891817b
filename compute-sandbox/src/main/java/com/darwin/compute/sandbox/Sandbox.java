package com.darwin.compute.sandbox;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything the control plane needs to run without real infrastructure, once per JVM: MariaDB, a
 * real Elasticsearch, a mock Kubernetes API and a {@link SimulatedKubeRayOperator simulated KubeRay
 * operator}.
 *
 * <p>A JVM-wide singleton because the servers take seconds to start and every Spring test context
 * (and the {@code local} profile) should share them. It stops with the JVM (shutdown hook); there
 * is deliberately no public close method, so that no single Spring context can stop it for the
 * others.
 */
public final class Sandbox {

  private static final Logger log = LoggerFactory.getLogger(Sandbox.class);

  private static Sandbox instance;

  private final SandboxSettings settings;
  private final EmbeddedMariaDb database;
  private final ElasticsearchServer elasticsearch;
  private final MockKubernetesApi kubernetes;
  private final SimulatedKubeRayOperator operator;
  private final FakeRayServices ray;
  private final FakeSlack slack;
  private final FakeMavenSearch maven = FakeMavenSearch.start();
  private SimulatedHistoryServers historyServers;
  private final SimulatedJupyterServers jupyterServers;
  private final SimulatedDeploymentController deployments;

  private Sandbox(
      SandboxSettings settings,
      EmbeddedMariaDb database,
      ElasticsearchServer elasticsearch,
      MockKubernetesApi kubernetes,
      SimulatedKubeRayOperator operator,
      FakeRayServices ray,
      FakeSlack slack,
      SimulatedJupyterServers jupyterServers,
      SimulatedDeploymentController deployments) {
    this.settings = settings;
    this.jupyterServers = jupyterServers;
    this.deployments = deployments;
    this.ray = ray;
    this.slack = slack;
    this.database = database;
    this.elasticsearch = elasticsearch;
    this.kubernetes = kubernetes;
    this.operator = operator;
  }

  /** {@link #get(SandboxSettings)} with {@link SandboxSettings#defaults()}. */
  public static Sandbox get() {
    return get(SandboxSettings.defaults());
  }

  /**
   * The sandbox of this JVM, started on the first call. Later calls return the same instance and
   * apply their operator delays to it (so each Spring test context gets the delays it asks for);
   * other differing settings are ignored with a warning.
   */
  public static synchronized Sandbox get(SandboxSettings settings) {
    if (instance == null) {
      instance = start(settings);
    } else {
      if (!instance.settings.sameInfrastructureAs(settings)) {
        log.warn(
            "Sandbox already running with {}; ignoring the different settings {}",
            instance.settings,
            settings);
      }
      if (!instance.operator.delays().equals(settings.operatorDelays())) {
        instance.operator.setDelays(settings.operatorDelays());
      }
    }
    return instance;
  }

  /** The running sandbox, if one was started. */
  public static synchronized Optional<Sandbox> current() {
    return Optional.ofNullable(instance);
  }

  private static Sandbox start(SandboxSettings settings) {
    long begin = System.nanoTime();
    // MariaDB (about 3 s once its binaries are unpacked) and Elasticsearch (10-16 s) start side
    // by side. Elasticsearch itself is forked from LongLivedLauncher's thread; these threads only
    // wait.
    ExecutorService starters = Executors.newFixedThreadPool(2, daemon("sandbox-starter"));
    CompletableFuture<EmbeddedMariaDb> database =
        CompletableFuture.supplyAsync(
            () -> EmbeddedMariaDb.start(settings.databaseUrl()), starters);
    CompletableFuture<ElasticsearchServer> elasticsearch =
        CompletableFuture.supplyAsync(() -> startElasticsearch(settings), starters);
    starters.shutdown();
    MockKubernetesApi kubernetes = null;
    SimulatedKubeRayOperator operator = null;
    SimulatedJupyterServers jupyterServers = null;
    SimulatedDeploymentController deployments = null;
    try {
      kubernetes = MockKubernetesApi.start(settings.crdFile());
      operator = new SimulatedKubeRayOperator(kubernetes.newClient(), settings.operatorDelays());
      operator.start();
      jupyterServers = SimulatedJupyterServers.start();
      SimulatedKubeRayOperator delays = operator;
      deployments =
          new SimulatedDeploymentController(
              kubernetes.newClient(), jupyterServers, () -> delays.delays().headReadyDelay());
      deployments.start();
      Sandbox sandbox =
          new Sandbox(
              settings,
              database.join(),
              elasticsearch.join(),
              kubernetes,
              operator,
              FakeRayServices.start(),
              FakeSlack.start(),
              jupyterServers,
              deployments);
      SimulatedKubeRayOperator simulatedOperator = operator;
      sandbox.historyServers =
          new SimulatedHistoryServers(
              kubernetes.newClient(), () -> simulatedOperator.delays().headReadyDelay());
      sandbox.historyServers.start();
      Runtime.getRuntime().addShutdownHook(new Thread(sandbox::stopAll, "sandbox-stop"));
      log.info(
          "Sandbox ready in {} ms: database {}, Elasticsearch {}, Kubernetes {}",
          (System.nanoTime() - begin) / 1_000_000,
          sandbox.database.jdbcUrl(),
          sandbox.elasticsearch.url(),
          sandbox.kubernetes.masterUrl());
      return sandbox;
    } catch (RuntimeException e) {
      // Do not leave half a sandbox running.
      database.thenAccept(EmbeddedMariaDb::stop);
      elasticsearch.thenAccept(ElasticsearchServer::close);
      if (deployments != null) {
        deployments.close();
      }
      if (jupyterServers != null) {
        jupyterServers.close();
      }
      if (operator != null) {
        operator.close();
      }
      if (kubernetes != null) {
        kubernetes.close();
      }
      throw e instanceof CompletionException && e.getCause() instanceof RuntimeException cause
          ? cause
          : e;
    }
  }

  private static ElasticsearchServer startElasticsearch(SandboxSettings settings) {
    if (settings.elasticsearchUrl() != null) {
      log.info("Using the external Elasticsearch {}", settings.elasticsearchUrl());
      return ElasticsearchServer.external(settings.elasticsearchUrl());
    }
    ElasticsearchServer server =
        ElasticsearchServer.managed(settings.elasticsearchHeap())
            .withJvmOptions(settings.elasticsearchJvmOptions());
    server.start();
    return server;
  }

  private static ThreadFactory daemon(String name) {
    return runnable -> {
      Thread thread = new Thread(runnable, name);
      thread.setDaemon(true);
      return thread;
    };
  }

  private void stopAll() {
    maven.close();
    deployments.close();
    jupyterServers.close();
    slack.close();
    ray.close();
    historyServers.close();
    operator.close();
    kubernetes.close();
    elasticsearch.close();
    database.stop();
  }

  public SandboxSettings settings() {
    return settings;
  }

  public EmbeddedMariaDb database() {
    return database;
  }

  public ElasticsearchServer elasticsearch() {
    return elasticsearch;
  }

  public MockKubernetesApi kubernetes() {
    return kubernetes;
  }

  /** The SIMULATED Ray dashboards and Jupyter servers of every cluster. */
  public FakeRayServices ray() {
    return ray;
  }

  /** The SIMULATED Slack Web API that alerts go to. */
  public FakeSlack slack() {
    return slack;
  }

  /** The SIMULATED Maven Central search API. */
  public FakeMavenSearch maven() {
    return maven;
  }

  /** The SIMULATED programs of the pods (library installs, remote commands). */
  public SimulatedPodShell podShell() {
    return kubernetes.podShell();
  }

  /** The SIMULATED pods of Spark History Servers. */
  public SimulatedHistoryServers historyServers() {
    return historyServers;
  }

  /** The SIMULATED Jupyter servers of the standalone Jupyter pods. */
  public SimulatedJupyterServers jupyterServers() {
    return jupyterServers;
  }

  /** The SIMULATED Deployment controller and kubelet of the standalone Jupyter pods. */
  public SimulatedDeploymentController deployments() {
    return deployments;
  }

  public SimulatedKubeRayOperator operator() {
    return operator;
  }
}
