package com.darwin.compute.sandbox;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Optional;
import java.util.logging.Level;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An in-memory Kubernetes API server (fabric8's mock server in CRUD mode) over plain HTTP, with the
 * RayCluster CRD registered and the namespace {@value #NAMESPACE} created.
 *
 * <p>CRUD mode stores what clients write and serves lists, label selectors, watches and the status
 * subresource of registered CRDs. It has no controllers, no garbage collection and no server-side
 * apply; {@link SimulatedKubeRayOperator} plays the controllers that matter here.
 */
public final class MockKubernetesApi {

  private FaultInjectingDispatcher faults;

  private static final Logger log = LoggerFactory.getLogger(MockKubernetesApi.class);

  /** The namespace the control plane uses in the sandbox. */
  public static final String NAMESPACE = "ray";

  // The mock logs every request at INFO through java.util.logging. Keep a strong reference so
  // the level sticks (JUL holds loggers weakly).
  private static final java.util.logging.Logger MOCK_SERVER_LOG =
      java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

  static {
    MOCK_SERVER_LOG.setLevel(Level.WARNING);
  }

  private final KubernetesMockServer server;
  private final String masterUrl;
  private final KubernetesClient client;
  private final Path crdFile;
  private boolean closed;

  private MockKubernetesApi(KubernetesMockServer server, Path crdFile) {
    this.server = server;
    this.masterUrl = "http://127.0.0.1:" + server.getPort() + "/";
    this.client = newClient();
    this.crdFile = crdFile;
  }

  /** Starts the server with the CRD located as described in {@link #start(Path)}. */
  public static MockKubernetesApi start() {
    return start((Path) null);
  }

  /**
   * Starts the server on a free port of 127.0.0.1. The RayCluster CRD comes from {@code crdFile};
   * when that is null, from system property {@code sandbox.kubernetes.crd-file}, else from {@code
   * shared/kuberay/ray.io_rayclusters.yaml} found upwards from the working directory, else a
   * minimal CRD built in code.
   */
  public static MockKubernetesApi start(Path crdFile) {
    return startWith(RayClusterCrd.locate(crdFile));
  }

  /** Starts with the CRD from {@code located}, or the minimal built-in CRD when it is empty. */
  static MockKubernetesApi startWith(Optional<Path> located) {
    long begin = System.nanoTime();
    FaultInjectingDispatcher dispatcher = new FaultInjectingDispatcher();
    KubernetesMockServer server =
        new KubernetesMockServer(
            new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
    try {
      // 127.0.0.1 rather than the default "localhost", which may resolve to ::1 first.
      server.init(InetAddress.getByName("127.0.0.1"), 0);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
    MockKubernetesApi api = new MockKubernetesApi(server, located.orElse(null));
    api.faults = dispatcher;
    try {
      CustomResourceDefinition crd =
          RayClusterCrd.load(located, api.client.getKubernetesSerialization());
      api.client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
      api.client
          .namespaces()
          .resource(
              new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build())
          .create();
    } catch (RuntimeException e) {
      api.close();
      throw e;
    }
    log.info(
        "Mock Kubernetes API at {} in {} ms (RayCluster CRD from {})",
        api.masterUrl,
        (System.nanoTime() - begin) / 1_000_000,
        located.map(Path::toString).orElse("the built-in minimal definition"));
    return api;
  }

  /**
   * {@code http://127.0.0.1:PORT/}, usable as fabric8 {@code Config.masterUrl} (plain HTTP, no
   * authentication).
   */
  public String masterUrl() {
    return masterUrl;
  }

  public int port() {
    return server.getPort();
  }

  /**
   * A new client for this server, defaulting to namespace {@value #NAMESPACE}. It ignores any
   * kubeconfig on the machine. The caller closes it.
   */
  public KubernetesClient newClient() {
    Config config =
        new ConfigBuilder(Config.empty())
            .withMasterUrl(masterUrl)
            .withNamespace(NAMESPACE)
            .withHttp2Disable(true)
            .build();
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  /** A client owned by this object (closed with it), for quick look-ups in tests. */
  public KubernetesClient client() {
    return client;
  }

  /** The CRD file that was registered; empty when the built-in minimal CRD was used. */
  public Optional<Path> crdFile() {
    return Optional.ofNullable(crdFile);
  }

  /**
   * Test knob: writes to paths containing {@code pathFragment} (for example {@code /rayclusters})
   * answer 500 until {@link #clearFaults()}.
   */
  public void failWrites(String pathFragment) {
    faults.failWrites(pathFragment, 500);
  }

  /**
   * Test knob: writes to paths containing {@code pathFragment} are refused with {@code code} (a 403
   * as RBAC without the verb, a 422 as an admission webhook), with the API server's {@code Status}
   * and its message, until {@link #clearFaults()}.
   */
  public void refuseWrites(String pathFragment, int code) {
    faults.failWrites(pathFragment, code);
  }

  /** Writes answered 500 by the fault set last ({@link #failWrites(String)}). */
  public int refusedWrites() {
    return faults.refusedWrites();
  }

  /**
   * Test knob: every request, reads and watches too, to paths containing {@code pathFragment}
   * answers 500 until {@link #clearFaults()}, as an API server that is down behind its load
   * balancer would.
   */
  public void failAll(String pathFragment) {
    faults.failAll(pathFragment);
  }

  /** Reads (lists, gets, watches) answered 500 by the fault set last ({@link #failAll}). */
  public int refusedReads() {
    return faults.refusedReads();
  }

  public void clearFaults() {
    faults.clear();
  }

  /** The SIMULATED programs of the pods: what was exec'd, and how execs answer. */
  public SimulatedPodShell podShell() {
    return faults.shell();
  }

  /** The underlying fabric8 server, e.g. to take recorded requests. */
  public KubernetesMockServer server() {
    return server;
  }

  /** Stops the server. Idempotent. */
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    client.close();
    try {
      server.destroy();
    } catch (IllegalStateException e) {
      // The mock server gives its HTTP server 10 s to close its connections: on a machine loaded
      // far beyond its cores that can pass while the event loop waits for one. It is going away
      // with the process (or test) that made it; a stop that is slow is not a failure of what ran.
      log.warn("The mock Kubernetes API server did not close in time: {}", e.getMessage());
    }
  }
}
