package com.darwin.compute.sandbox;

import io.fabric8.mockwebserver.http.ByteString;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;

/**
 * A watch's WebSocket listener whose end (closed or failed) is handled off the mock server's event
 * loop. The mock server's own watch listener, on close, waits for its sending thread to finish;
 * that thread may be waiting (up to 30 s) for a write that only the same event loop can complete.
 * Until one of them times out, every connection on that loop stalls: in a JVM where application
 * contexts close their informers between test classes, the next class's clusters did not come up
 * and health checks hung. Handled on a thread of its own, the write completes and the close
 * finishes at once. Everything else is passed through as it comes.
 *
 * <p>The watch is first taken off the server's list of watches, on the loop, as the server's own
 * close did before it waited: a write that arrives meanwhile must not hand an event to a watch
 * whose sender is shutting down (that throws inside the write's handler, and the write gets no
 * answer).
 */
final class OffLoopWatchClose extends WebSocketListener {

  private static final Executor ENDINGS =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "mock-watch-close");
            t.setDaemon(true);
            return t;
          });

  private final WebSocketListener delegate;
  private final Runnable unregister;
  private final Executor endings;

  /**
   * @param unregister takes the watch off the server's list, so that no event is sent to it
   */
  OffLoopWatchClose(WebSocketListener delegate, Runnable unregister) {
    this(delegate, unregister, ENDINGS);
  }

  OffLoopWatchClose(WebSocketListener delegate, Runnable unregister, Executor endings) {
    this.delegate = delegate;
    this.unregister = unregister;
    this.endings = endings;
  }

  @Override
  public void onBeforeAccept(WebSocket webSocket, Response response) {
    delegate.onBeforeAccept(webSocket, response);
  }

  @Override
  public void onOpen(WebSocket webSocket, Response response) {
    delegate.onOpen(webSocket, response);
  }

  @Override
  public void onMessage(WebSocket webSocket, String text) {
    delegate.onMessage(webSocket, text);
  }

  @Override
  public void onMessage(WebSocket webSocket, ByteString bytes) {
    delegate.onMessage(webSocket, bytes);
  }

  @Override
  public void onMessage(WebSocket webSocket, byte[] bytes) {
    delegate.onMessage(webSocket, bytes);
  }

  @Override
  public void onClosing(WebSocket webSocket, int code, String reason) {
    delegate.onClosing(webSocket, code, reason);
  }

  @Override
  public void onClosed(WebSocket webSocket, int code, String reason) {
    unregister.run();
    endings.execute(() -> delegate.onClosed(webSocket, code, reason));
  }

  @Override
  public void onFailure(WebSocket webSocket, Throwable failure, Response response) {
    unregister.run();
    endings.execute(() -> delegate.onFailure(webSocket, failure, response));
  }
}
