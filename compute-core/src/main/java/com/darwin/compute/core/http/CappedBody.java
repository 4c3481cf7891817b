package com.darwin.compute.core.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A body read whole as UTF-8 text, up to a size: what a Ray dashboard or a Jupyter server in a
 * user's pod answers is the user's to change, and read with {@code ofString} any size of answer
 * sent within the deadline became a string and a JSON tree in the control plane's heap, for every
 * cluster probed at once. Past the size the exchange is cancelled and the call fails with {@link
 * TooLarge}, an {@link IOException} as any other failed answer.
 */
public final class CappedBody implements HttpResponse.BodySubscriber<String> {

  /** What a probe of a user's server (a Jupyter server's kernels, terminals, status) may answer. */
  public static final int PROBE_BYTES = 1 << 20;

  /** What a Ray dashboard's summary of its nodes may answer. */
  public static final int LIST_BYTES = 16 << 20;

  /**
   * What a Ray dashboard's list of jobs may answer (the idleness check, the job follower, the job
   * list): every job the cluster ran, each failed one's message with up to 20,000 characters of its
   * log, so a cluster that kept hundreds of failed jobs outgrows 16 MB. Capped lower, its idleness
   * check failed at every sweep (the cluster was never stopped) and its open jobs were no longer
   * followed. Still a bound: a server in a user's pod may answer anything.
   */
  public static final int JOBS_API_BYTES = 64 << 20;

  private final int maxBytes;
  private final long declared;
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final CompletableFuture<String> body = new CompletableFuture<>();
  private Flow.Subscription subscription;

  private CappedBody(int maxBytes, long declared) {
    this.maxBytes = maxBytes;
    this.declared = declared;
  }

  /** Reads bodies of at most {@code maxBytes} bytes. */
  public static HttpResponse.BodyHandler<String> atMost(int maxBytes) {
    return info ->
        new CappedBody(maxBytes, info.headers().firstValueAsLong("Content-Length").orElse(-1));
  }

  @Override
  public void onSubscribe(Flow.Subscription subscription) {
    this.subscription = subscription;
    if (declared > maxBytes) {
      refuse(); // said up front: nothing of it is read
      return;
    }
    subscription.request(Long.MAX_VALUE);
  }

  @Override
  public void onNext(List<ByteBuffer> buffers) {
    if (body.isDone()) {
      return;
    }
    for (ByteBuffer buffer : buffers) {
      if (bytes.size() + (long) buffer.remaining() > maxBytes) {
        refuse();
        return;
      }
      byte[] chunk = new byte[buffer.remaining()];
      buffer.get(chunk);
      bytes.write(chunk, 0, chunk.length);
    }
  }

  private void refuse() {
    subscription.cancel();
    body.completeExceptionally(new TooLarge(maxBytes));
  }

  @Override
  public void onError(Throwable throwable) {
    body.completeExceptionally(throwable);
  }

  @Override
  public void onComplete() {
    body.complete(bytes.toString(StandardCharsets.UTF_8));
  }

  @Override
  public CompletionStage<String> getBody() {
    return body;
  }

  /** An answer longer than the reader takes. */
  public static final class TooLarge extends IOException {
    TooLarge(int maxBytes) {
      super("the answer was longer than " + maxBytes + " bytes");
    }
  }
}
