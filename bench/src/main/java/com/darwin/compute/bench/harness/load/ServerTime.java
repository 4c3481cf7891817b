package com.darwin.compute.bench.harness.load;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * How much of a route's time is the service's own: the same requests timed at the client and by the
 * service's {@code http.server.requests} timer (from its observation filter in, until the filter
 * chain returns). What lies between is the connection, the filters outside it (trailing slash,
 * single write), Tomcat before and after them, and the client.
 */
public final class ServerTime {

  private final MeterRegistry registry;
  private final String method;
  private final String uri;

  /**
   * @param uri the route's pattern as the timer tags it, e.g. {@code /cluster/{clusterId}}
   */
  public ServerTime(MeterRegistry registry, String method, String uri) {
    this.registry = registry;
    this.method = method;
    this.uri = uri;
  }

  /** What {@code calls} runs of {@code request} cost, at the client and inside the service. */
  public Split measure(int calls, Operation request) throws Exception {
    Timer before = timer();
    long countBefore = before == null ? 0 : before.count();
    double insideBefore = before == null ? 0 : before.totalTime(TimeUnit.NANOSECONDS);
    double clientMillis = LoadGenerator.run(1, calls, 0, request).meanMillis();
    Timer after = timer();
    if (after == null || after.count() - countBefore != calls) {
      // Another request of the same route counted meanwhile, or fewer than these: no split to give.
      return new Split(calls, clientMillis, Double.NaN);
    }
    return new Split(
        calls, clientMillis, (after.totalTime(TimeUnit.NANOSECONDS) - insideBefore) / 1e6 / calls);
  }

  private Timer timer() {
    return registry
        .find("http.server.requests")
        .tag("method", method)
        .tag("uri", uri)
        .tag("status", "200")
        .timer();
  }

  /**
   * Means over {@code calls} sequential requests, in milliseconds; {@code insideMillis} is NaN when
   * the timer did not count exactly these requests.
   */
  public record Split(int calls, double clientMillis, double insideMillis) {

    /**
     * {@code 200 sequential calls: mean 3.86 ms at the client, of which 2.93 ms inside the service
     * by its `http.server.requests` timer}
     */
    public String describe() {
      return Double.isNaN(insideMillis)
          ? String.format(
              Locale.ROOT,
              "%d sequential calls: mean %.2f ms at the client (the service's request timer did"
                  + " not count exactly these)",
              calls,
              clientMillis)
          : String.format(
              Locale.ROOT,
              "%d sequential calls: mean %.2f ms at the client, of which %.2f ms inside the service"
                  + " by its `http.server.requests` timer",
              calls,
              clientMillis,
              insideMillis);
    }
  }
}
