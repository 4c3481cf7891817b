package com.darwin.compute.sandbox;

import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.lang.reflect.Field;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mock API server's CRUD dispatcher with test knobs: while a write fault is set, writes (any
 * method but GET) to paths containing its fragment answer 500, as an overloaded or broken API
 * server would, and reads and watches keep working, so informers stay connected; while a fault on
 * all requests is set, reads and watches of such paths answer 500 too. Watches end off the event
 * loop ({@link OffLoopWatchClose}).
 */
final class FaultInjectingDispatcher extends KubernetesCrudDispatcher {

  private static final Logger log = LoggerFactory.getLogger(FaultInjectingDispatcher.class);

  private static final String FAILURE =
      "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\","
          + "\"message\":\"injected failure (sandbox fault)\",\"reason\":\"InternalError\",\"code\":500}";

  /** A refusal's Status, as an API server answers one (a message, a reason, the code). */
  private static final String REFUSAL =
      "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\","
          + "\"message\":\"injected refusal %d (sandbox fault)\",\"reason\":\"%s\",\"code\":%d}";

  /** Writes to paths containing the fragment answer the code. */
  private record WriteFault(String fragment, int code) {}

  private static final Pattern EXEC =
      Pattern.compile("^/api/v1/namespaces/([^/]+)/pods/([^/]+)/exec\\?(.*)$");

  private final AtomicReference<WriteFault> failingWrites = new AtomicReference<>();
  private final AtomicInteger refused = new AtomicInteger();
  private final AtomicReference<String> failingAll = new AtomicReference<>();
  private final AtomicInteger refusedReads = new AtomicInteger();
  private final SimulatedPodShell shell = new SimulatedPodShell();
  private final Set<Object> watches = openWatches();

  SimulatedPodShell shell() {
    return shell;
  }

  void failWrites(String pathFragment, int code) {
    refused.set(0);
    failingWrites.set(new WriteFault(pathFragment, code));
  }

  /** Writes answered 500 since the fault was last set. */
  int refusedWrites() {
    return refused.get();
  }

  void failAll(String pathFragment) {
    refusedReads.set(0);
    failingAll.set(pathFragment);
  }

  /** Reads answered 500 since the fault on all requests was last set. */
  int refusedReads() {
    return refusedReads.get();
  }

  void clear() {
    failingWrites.set(null);
    failingAll.set(null);
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    WriteFault writes = failingWrites.get();
    String all = failingAll.get();
    boolean read = "GET".equals(request.getMethod());
    String path = request.getPath();
    boolean writeFault =
        writes != null && !read && path != null && path.contains(writes.fragment());
    if (path != null && (writeFault || (all != null && path.contains(all)))) {
      (read ? refusedReads : refused).incrementAndGet();
      int code = writeFault ? writes.code() : 500;
      String reason = code == 403 ? "Forbidden" : code == 422 ? "Invalid" : "BadRequest";
      return new MockResponse()
          .setResponseCode(code)
          .setHeader("Content-Type", "application/json")
          .setBody(code == 500 ? FAILURE : REFUSAL.formatted(code, reason, code));
    }
    Matcher exec = request.getPath() == null ? null : EXEC.matcher(request.getPath());
    if (exec != null && exec.matches()) {
      return exec(exec.group(1), exec.group(2), exec.group(3));
    }
    MockResponse response = super.dispatch(request);
    WebSocketListener watch = response.getWebSocketListener();
    if (watch == null || watches == null) {
      return response;
    }
    // A watch: its close must not hold the event loop (OffLoopWatchClose).
    return response.withWebSocketUpgrade(new OffLoopWatchClose(watch, () -> watches.remove(watch)));
  }

  /**
   * The server's list of open watches (private in 7.8.0, hence reflection), or null when this
   * version has no such field: then watches end as the server ends them.
   */
  @SuppressWarnings("unchecked")
  private Set<Object> openWatches() {
    try {
      Field field = KubernetesCrudDispatcher.class.getDeclaredField("watchEventListeners");
      field.setAccessible(true);
      return (Set<Object>) field.get(this);
    } catch (ReflectiveOperationException | RuntimeException e) {
      log.warn(
          "Mock API server: no list of watches found ({}); watch closes stay on its loop",
          e.toString());
      return null;
    }
  }

  private MockResponse exec(String namespace, String pod, String query) {
    List<String> argv = new ArrayList<>();
    String container = null;
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      String value =
          eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      if (key.equals("command")) {
        argv.add(value);
      } else if (key.equals("container")) {
        container = value;
      }
    }
    String inContainer = container;
    return new MockResponse()
        .withWebSocketUpgrade(
            new WebSocketListener() {
              @Override
              public void onOpen(WebSocket socket, Response response) {
                shell.run(
                    namespace,
                    pod,
                    inContainer,
                    argv,
                    new SimulatedPodShell.Session() {
                      @Override
                      public void send(byte[] frame) {
                        socket.send(frame);
                      }

                      @Override
                      public void close() {
                        socket.close(1000, "");
                      }
                    });
              }
            });
  }
}
