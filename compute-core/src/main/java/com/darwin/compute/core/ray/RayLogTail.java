package com.darwin.compute.core.ray;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A job's driver log as Ray's dashboard streams it over a WebSocket ({@code GET
 * /api/jobs/{id}/logs/tail}): the whole log from its first character, then each new piece as the
 * driver writes it, then a close once the job has ended. Following a log so costs what the log
 * grows by, where downloading it whole every second cost its whole size each time. Pieces are asked
 * for one at a time, as they are taken: a slow reader holds the dashboard back rather than this JVM
 * buffering the log.
 */
public final class RayLogTail implements AutoCloseable {

  /** Put in the queue once the stream has ended, however it ended. */
  private static final Object ENDED = new Object();

  private final BlockingQueue<Object> pieces = new LinkedBlockingQueue<>();
  private WebSocket socket;
  private boolean ended;

  private RayLogTail() {}

  static RayLogTail open(HttpClient http, URI uri, Duration timeout) throws RayJobsException {
    RayLogTail tail = new RayLogTail();
    var opening =
        http.newWebSocketBuilder().connectTimeout(timeout).buildAsync(uri, tail.new Listener());
    try {
      tail.socket = opening.get(timeout.toMillis() * 2, TimeUnit.MILLISECONDS);
      return tail;
    } catch (InterruptedException e) {
      opening.cancel(true);
      Thread.currentThread().interrupt();
      throw new RayJobsException("interrupted", e);
    } catch (TimeoutException e) {
      opening.cancel(true);
      throw new RayJobsException(
          "the Ray dashboard at " + uri.getHost() + " did not open the log stream in time", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof WebSocketHandshakeException refused) {
        // Ray answers the handshake with a plain HTTP error: 404 for a job it does not know.
        throw new RayJobsException(
            refused.getResponse().statusCode(), "the Ray dashboard did not stream the log");
      }
      throw new RayJobsException(
          "the Ray dashboard at " + uri.getHost() + " did not answer: " + e.getCause(),
          e.getCause());
    }
  }

  /**
   * The next piece of the log: {@code ""} when none came within {@code wait}, null once the stream
   * has ended (the job ended, or the connection did: the caller tells which by asking for the job).
   */
  public String next(Duration wait) throws InterruptedException {
    if (ended) {
      return null;
    }
    Object piece = pieces.poll(Math.max(0, wait.toMillis()), TimeUnit.MILLISECONDS);
    if (piece == null) {
      return "";
    }
    if (piece == ENDED) {
      ended = true;
      return null;
    }
    socket.request(1);
    return (String) piece;
  }

  /** Leaves at once (a follower that stops early has no use for a clean close). */
  @Override
  public void close() {
    if (socket != null) {
      socket.abort();
    }
  }

  private final class Listener implements WebSocket.Listener {

    @Override
    public void onOpen(WebSocket webSocket) {
      webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      pieces.add(data.toString());
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      pieces.add(ENDED);
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      pieces.add(ENDED);
    }
  }
}
