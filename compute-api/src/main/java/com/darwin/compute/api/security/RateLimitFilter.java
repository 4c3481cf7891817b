package com.darwin.compute.api.security;

import com.darwin.compute.core.access.Caller;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A token bucket per caller (per address before identification), in this process: a replica answers
 * 429 with {@code Retry-After} once a caller has spent its burst faster than the refill rate. Runs
 * after authentication, so a caller cannot escape its bucket by changing address.
 *
 * <p>The health paths are not limited: the kubelet probes them unidentified, from its node's
 * address (a bucket it shares with whatever else sends from there), and a 429 to {@code /livez}
 * fails the probe and gets the pod restarted, one to {@code /readyz} takes it out of its Service.
 * They read no one's data, and a check of a hung dependency holds one thread, not one per request
 * ({@code DeadlineChecks}).
 */
final class RateLimitFilter extends OncePerRequestFilter {

  /** Buckets idle this long are dropped when the map grows large. */
  private static final long IDLE_NANOS = 10L * 60 * 1_000_000_000L;

  private static final int MAX_BUCKETS = 50_000;

  private final double perSecond;
  private final int burst;
  private final FilterErrors errors;
  private final ConcurrentMap<String, Bucket> buckets = new ConcurrentHashMap<>();

  RateLimitFilter(SecurityProperties.RateLimit settings, FilterErrors errors) {
    this.perSecond = settings.requestsPerSecond();
    this.burst = Math.max(1, settings.burst());
    this.errors = errors;
  }

  /** The probes' paths ({@code /livez}, {@code /readyz}) and the health endpoint's. */
  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    // The path as sent: the firewall before this chain refuses one not normalised (a "..", an
    // encoded slash, a ";"), so another path cannot pass for a health path here.
    String path = request.getRequestURI().substring(request.getContextPath().length());
    return path.equals("/livez")
        || path.equals("/readyz")
        || path.equals("/actuator/health")
        || path.startsWith("/actuator/health/");
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (perSecond <= 0) {
      chain.doFilter(request, response);
      return;
    }
    Caller caller = Callers.current();
    String key = caller != null ? "user:" + caller.name() : "addr:" + request.getRemoteAddr();
    long now = System.nanoTime();
    if (buckets.size() > MAX_BUCKETS) {
      buckets.values().removeIf(b -> b.idleSince(now) > IDLE_NANOS);
    }
    double wait = buckets.computeIfAbsent(key, k -> new Bucket(burst, now)).take(now);
    if (wait > 0) {
      response.setHeader("Retry-After", Long.toString((long) Math.ceil(wait)));
      errors.write(
          response,
          429,
          "RATE_LIMITED",
          "Too many requests from "
              + (caller != null ? caller.name() : request.getRemoteAddr())
              + "; retry after "
              + (long) Math.ceil(wait)
              + " s");
      return;
    }
    chain.doFilter(request, response);
  }

  private final class Bucket {
    private double tokens;
    private long updated;

    Bucket(int tokens, long now) {
      this.tokens = tokens;
      this.updated = now;
    }

    /** Takes one token; returns 0, or the seconds until one is available. */
    synchronized double take(long now) {
      tokens = Math.min(burst, tokens + (now - updated) / 1e9 * perSecond);
      updated = now;
      if (tokens >= 1) {
        tokens -= 1;
        return 0;
      }
      return (1 - tokens) / perSecond;
    }

    synchronized long idleSince(long now) {
      return now - updated;
    }
  }
}
