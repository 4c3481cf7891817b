package com.darwin.compute.sdk;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Sends {@link Call}s with the client's identity headers ({@code msd-user} whenever a user is
 * configured; else the fallback identity on the calls that require one: every change, and the reads
 * of a cluster's jobs, commands and runtimes) and retries them as far as that is safe: a call that
 * never left (connection refused) is always repeated; an idempotent one also after 5xx, 429 and I/O
 * errors. A repeated delete that finds the cluster gone counts as done.
 */
final class HttpTransport {

  static final String MSD_USER = "msd-user";

  private final HttpClient http;
  private final String baseUrl;
  private final Map<String, String> headers;
  private final String identity;
  private final String fallbackIdentity;
  private final Duration requestTimeout;
  private final RetryPolicy retry;

  HttpTransport(
      HttpClient http,
      String baseUrl,
      Map<String, String> headers,
      String identity,
      String fallbackIdentity,
      Duration requestTimeout,
      RetryPolicy retry) {
    this.http = http;
    this.baseUrl = baseUrl;
    this.headers = Map.copyOf(headers);
    this.identity = identity;
    this.fallbackIdentity = fallbackIdentity;
    this.requestTimeout = requestTimeout;
    this.retry = retry;
  }

  String baseUrl() {
    return baseUrl;
  }

  /** Sends the call; a non-2xx answer or a failure after the allowed retries throws. */
  Reply send(Call call) {
    return send(call, build(call));
  }

  /** Sends a call whose body is bytes (a working directory's zip), not JSON text. */
  Reply sendBytes(Call call, byte[] body, String contentType) {
    HttpRequest.Builder builder = start(call);
    builder
        .header("Content-Type", contentType)
        .method(call.method(), HttpRequest.BodyPublishers.ofByteArray(body));
    return send(call, builder.build());
  }

  /**
   * Sends the call once and hands its answer's body on as text, piece by piece as it comes, until
   * the body ends or {@code limit} passes (then the stream is closed). A piece never ends inside a
   * surrogate pair.
   *
   * @return whether it stopped at the limit
   * @throws ComputeException for a non-2xx answer, or when the connection fails first or midway
   *     (what came before was handed on)
   */
  boolean stream(Call call, Duration limit, Consumer<String> sink) {
    HttpResponse<InputStream> response;
    // Waiting for the answer's headers, too, within the limit.
    Duration headers = limit.compareTo(requestTimeout) < 0 ? limit : requestTimeout;
    HttpRequest request =
        HttpRequest.newBuilder(build(call), (name, value) -> true)
            .timeout(headers.isZero() || headers.isNegative() ? Duration.ofMillis(1) : headers)
            .build();
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      throw ErrorResponses.fromTransport(call, baseUrl, e, 1);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ErrorResponses.interrupted(call, 1, e);
    }
    InputStream body = response.body();
    int status = response.statusCode();
    if (status < 200 || status >= 300) {
      String text;
      try (body) {
        text = new String(body.readNBytes(64 * 1024), StandardCharsets.UTF_8);
      } catch (IOException e) {
        text = "";
      }
      throw ErrorResponses.fromResponse(call, status, text, 1);
    }
    // Closing the body wakes a read that waits for more: that is how the limit ends a stream
    // that is still open. Done with the body first, the deadline is cancelled and does nothing.
    CompletableFuture<Boolean> deadline = new CompletableFuture<>();
    deadline.completeOnTimeout(true, Math.max(1, limit.toMillis()), TimeUnit.MILLISECONDS);
    deadline.thenAccept(
        expired -> {
          if (expired) {
            closeQuietly(body);
          }
        });
    try (Reader reader = new InputStreamReader(body, StandardCharsets.UTF_8)) {
      char[] buffer = new char[8192];
      int kept = 0; // a high surrogate held back for the next piece
      for (int n; (n = reader.read(buffer, kept, buffer.length - kept)) >= 0; ) {
        int end = kept + n;
        kept = end > 0 && Character.isHighSurrogate(buffer[end - 1]) ? 1 : 0;
        if (end - kept > 0) {
          sink.accept(new String(buffer, 0, end - kept));
        }
        if (kept == 1) {
          buffer[0] = buffer[end - 1];
        }
      }
      if (kept == 1) {
        sink.accept(String.valueOf(buffer[0]));
      }
      return false;
    } catch (IOException e) {
      if (deadline.getNow(false)) {
        return true;
      }
      throw ErrorResponses.fromTransport(call, baseUrl, e, 1);
    } finally {
      deadline.complete(false);
    }
  }

  private static void closeQuietly(InputStream in) {
    try {
      in.close();
    } catch (IOException e) {
      // It is being abandoned; the reader sees it closed either way.
    }
  }

  private Reply send(Call call, HttpRequest request) {
    boolean outcomeUnknown = false; // an earlier attempt may have been carried out
    for (int attempt = 1; ; attempt++) {
      ComputeException failure;
      boolean mayRetry;
      try {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
          return new Reply(call, status, response.body(), attempt);
        }
        if (status == 404 && outcomeUnknown && call.notFoundAfterRetryIsSuccess()) {
          return new Reply(call, status, "", attempt);
        }
        failure = ErrorResponses.fromResponse(call, status, response.body(), attempt);
        mayRetry = call.idempotent() && (status >= 500 || status == 429);
        outcomeUnknown |= status >= 500;
      } catch (IOException e) {
        boolean notSent = ErrorResponses.notSent(e);
        failure = ErrorResponses.fromTransport(call, baseUrl, e, attempt);
        mayRetry = notSent || call.idempotent();
        outcomeUnknown |= !notSent;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw ErrorResponses.interrupted(call, attempt, e);
      }
      if (!mayRetry || attempt >= retry.maxAttempts()) {
        throw failure;
      }
      try {
        Thread.sleep(retry.backoffAfter(attempt).toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw ErrorResponses.interrupted(call, attempt, e);
      }
    }
  }

  private HttpRequest build(Call call) {
    HttpRequest.Builder builder = start(call);
    if (call.body() != null) {
      builder
          .header("Content-Type", Call.JSON)
          .method(call.method(), HttpRequest.BodyPublishers.ofString(call.body()));
    } else {
      builder.method(call.method(), HttpRequest.BodyPublishers.noBody());
    }
    return builder.build();
  }

  private HttpRequest.Builder start(Call call) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create(baseUrl + call.path()))
            .timeout(requestTimeout)
            .header("Accept", call.accept());
    headers.forEach(builder::header);
    if (identity != null) {
      builder.header(MSD_USER, identity);
    } else if (call.needsIdentity()) {
      builder.header(MSD_USER, fallbackIdentity);
    }
    return builder;
  }
}
