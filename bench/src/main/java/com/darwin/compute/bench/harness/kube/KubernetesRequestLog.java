package com.darwin.compute.bench.harness.kube;

import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the requests the mock Kubernetes API receives, per sender and per kind.
 *
 * <p>The mock server keeps every request it has received in a queue (for tests' {@code
 * takeRequest}); this log takes them from that queue as they arrive, so that queue stays empty for
 * the whole run, and counts those taken while a window is open. The sender is told by the Host
 * header: the service calls the mock API as {@value #SERVICE_HOST}, everything else in the sandbox
 * as {@code 127.0.0.1}.
 */
public final class KubernetesRequestLog implements AutoCloseable {

  /** The host name the service is configured to call the mock API by. */
  public static final String SERVICE_HOST = "localhost";

  /**
   * What a window counted.
   *
   * @param service requests from the service
   * @param others requests from anything else (the simulated operator, the harness)
   * @param serviceByKind the service's requests by method and path pattern
   * @param seconds the window's length
   */
  public record Counts(
      long service, long others, Map<String, Long> serviceByKind, double seconds) {}

  private final KubernetesMockServer server;
  private final Thread drainer;
  private Window window;
  private volatile boolean closed;

  private KubernetesRequestLog(KubernetesMockServer server) {
    this.server = server;
    this.drainer = new Thread(this::drain, "bench-k8s-request-log");
    this.drainer.setDaemon(true);
  }

  public static KubernetesRequestLog start(KubernetesMockServer server) {
    KubernetesRequestLog log = new KubernetesRequestLog(server);
    log.drainer.start();
    return log;
  }

  /** Starts counting. */
  public synchronized void openWindow() {
    if (window != null) {
      throw new IllegalStateException("a window is already open");
    }
    window = new Window(System.nanoTime());
  }

  /**
   * Stops counting. The window is the time between {@link #openWindow} and this call's return,
   * measured where the requests are taken from the server's queue; that is at most a few
   * milliseconds after they arrived, and the window's length is measured the same way.
   */
  public synchronized Counts closeWindow() {
    Window current = window;
    if (current == null) {
      throw new IllegalStateException("no window is open");
    }
    window = null;
    return current.counts(System.nanoTime());
  }

  private void drain() {
    while (!closed) {
      RecordedRequest request;
      try {
        request = server.takeRequest(200, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        return;
      }
      if (request == null) {
        continue;
      }
      // Under the lock close() takes, so a request is either in a window's counts or after it.
      synchronized (this) {
        if (window != null) {
          window.count(request);
        }
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    drainer.interrupt();
  }

  /** Whether the request came from the service (by its Host header). */
  static boolean fromService(RecordedRequest request) {
    String host = request.getHeader("Host");
    return host != null && (host.equals(SERVICE_HOST) || host.startsWith(SERVICE_HOST + ":"));
  }

  /** {@code GET /apis/ray.io/v1/namespaces/{ns}/rayclusters/{name}}, {@code ... (watch)}. */
  static String kind(RecordedRequest request) {
    String path = request.getPath() == null ? "" : request.getPath();
    int query = path.indexOf('?');
    boolean watch = query >= 0 && path.substring(query).contains("watch=true");
    String[] parts = (query >= 0 ? path.substring(0, query) : path).split("/");
    for (int i = 0; i < parts.length; i++) {
      if ("namespaces".equals(parts[i])) {
        if (i + 1 < parts.length) {
          parts[i + 1] = "{ns}";
        }
        if (i + 3 < parts.length) {
          parts[i + 3] = "{name}";
        }
        break;
      }
    }
    return request.getMethod() + " " + String.join("/", parts) + (watch ? " (watch)" : "");
  }

  private static final class Window {
    private final long begin;
    private final LongAdder service = new LongAdder();
    private final LongAdder others = new LongAdder();
    private final Map<String, LongAdder> serviceByKind = new ConcurrentHashMap<>();

    Window(long begin) {
      this.begin = begin;
    }

    void count(RecordedRequest request) {
      if (fromService(request)) {
        service.increment();
        serviceByKind.computeIfAbsent(kind(request), k -> new LongAdder()).increment();
      } else {
        others.increment();
      }
    }

    Counts counts(long end) {
      Map<String, Long> kinds = new TreeMap<>();
      serviceByKind.forEach((k, v) -> kinds.put(k, v.sum()));
      return new Counts(service.sum(), others.sum(), kinds, (end - begin) / 1e9);
    }
  }
}
