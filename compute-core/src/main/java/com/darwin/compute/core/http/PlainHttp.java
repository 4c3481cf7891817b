package com.darwin.compute.core.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * JDK HTTP clients for the services inside the platform reached over plain HTTP: Ray dashboards,
 * Jupyter servers, Chronos. They speak HTTP/1.1. The JDK's default, HTTP/2, adds {@code Connection:
 * Upgrade, HTTP2-Settings} and {@code Upgrade: h2c} to every plain-HTTP request, bodies included,
 * and the aiohttp of some Ray images (3.8 to 3.10.1) then takes the request as upgraded and never
 * hands its body to the dashboard: a job submit or a package upload waited until its timeout.
 *
 * <p>And deadlines for whole answers: the JDK 17 client's request timeout ends once the headers
 * have come, and has no read timeout, so a body that stalled after them was waited for as long as
 * the connection stayed open: a request thread, or a scheduled job holding its lock (kept alive as
 * long as the job runs) on every replica.
 */
public final class PlainHttp {

  private static final ScheduledThreadPoolExecutor WATCHDOG = watchdog();

  private static ScheduledThreadPoolExecutor watchdog() {
    ScheduledThreadPoolExecutor watchdog =
        new ScheduledThreadPoolExecutor(
            1,
            runnable -> {
              Thread thread = new Thread(runnable, "http-body-deadline");
              thread.setDaemon(true);
              return thread;
            });
    // A body read in time takes its deadline (and the stream it holds) off the queue at once.
    watchdog.setRemoveOnCancelPolicy(true);
    return watchdog;
  }

  private PlainHttp() {}

  public static HttpClient client(Duration connectTimeout) {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(connectTimeout)
        .build();
  }

  /**
   * Sends a request and receives its whole answer, body included, within {@code deadline}, for
   * handlers that read the body before answering ({@code ofString}, {@code ofByteArray}, {@code
   * discarding}); past it the exchange is cancelled and an {@link HttpTimeoutException} thrown.
   * Errors are thrown as {@link HttpClient#send} throws them: I/O errors as they were raised (their
   * kind kept), other runtime errors but a bad request's inside an {@link IOException}.
   */
  public static <T> HttpResponse<T> send(
      HttpClient client, HttpRequest request, HttpResponse.BodyHandler<T> body, Duration deadline)
      throws IOException, InterruptedException {
    CompletableFuture<HttpResponse<T>> answer = client.sendAsync(request, body);
    try {
      return answer.get(deadline.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      answer.cancel(true);
      throw new HttpTimeoutException(
          request.uri().getHost() + " did not send its whole answer within " + deadline);
    } catch (InterruptedException e) {
      answer.cancel(true);
      throw e;
    } catch (ExecutionException e) {
      throw asThrownBySend(e.getCause());
    }
  }

  private static IOException asThrownBySend(Throwable cause) {
    while (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof IllegalArgumentException || cause instanceof SecurityException) {
      throw (RuntimeException) cause; // a bad request, as send throws it
    }
    if (cause instanceof Error error) {
      throw error;
    }
    if (cause instanceof IOException io) {
      return io; // HttpTimeoutException, ConnectException, SSLException...: kept as they are
    }
    // An UncheckedIOException from a request body's file, say: an I/O failure, as send has it.
    return new IOException(String.valueOf(cause), cause);
  }

  /**
   * Closes {@code body} at {@code deadline} unless the returned guard is closed first: a streamed
   * body's reads then fail instead of waiting on a connection that stopped sending.
   */
  public static Deadline closeAt(InputStream body, Duration deadline) {
    AtomicBoolean passed = new AtomicBoolean();
    ScheduledFuture<?> closing =
        WATCHDOG.schedule(
            () -> {
              passed.set(true); // before the close, which wakes the reader
              try {
                body.close();
              } catch (IOException | RuntimeException ignored) {
                // Closing is all it can do; the reader sees its stream fail.
              }
            },
            deadline.toNanos(),
            TimeUnit.NANOSECONDS);
    return new Deadline(closing, passed);
  }

  /** A body's deadline; closed, it no longer closes the body. */
  public static final class Deadline implements AutoCloseable {
    private final ScheduledFuture<?> closing;
    private final AtomicBoolean passed;

    private Deadline(ScheduledFuture<?> closing, AtomicBoolean passed) {
      this.closing = closing;
      this.passed = passed;
    }

    /** Whether the deadline passed (and so closed the body). */
    public boolean passed() {
      return passed.get();
    }

    @Override
    public void close() {
      closing.cancel(false);
    }
  }
}
