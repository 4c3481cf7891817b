package com.darwin.compute.api.health;

import com.darwin.compute.core.health.KubernetesProbe;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * {@code kubernetes} in {@code /actuator/health}: while an API server is away nothing is reconciled
 * on it, and the watches resume on their own when it is back; restarting or unloading the service
 * would not help. So it is {@code DEGRADED} (HTTP 200), never {@code DOWN}. The targets are asked
 * at once, each with the dependency deadline: one API server that hangs is reported as such, and
 * the others keep their own answers.
 */
@Component
class KubernetesHealthIndicator implements HealthIndicator {

  private static final Logger log = LoggerFactory.getLogger(KubernetesHealthIndicator.class);

  private final KubernetesProbe probe;
  private final DeadlineChecks checks;
  private final HealthProperties properties;

  KubernetesHealthIndicator(
      KubernetesProbe probe, DeadlineChecks checks, HealthProperties properties) {
    this.probe = probe;
    this.checks = checks;
    this.properties = properties;
  }

  @Override
  public Health health() {
    Duration deadline = properties.dependencyTimeout();
    long until = System.nanoTime() + deadline.toNanos();
    Map<String, Future<String>> running = new LinkedHashMap<>();
    for (String target : probe.targetNames()) {
      running.put(target, checks.start("kubernetes:" + target, () -> probe.check(target)));
    }
    Map<String, Object> perTarget = new LinkedHashMap<>();
    boolean allUp = true;
    for (Map.Entry<String, Future<String>> target : running.entrySet()) {
      String state = stateOf(target.getValue(), until, deadline);
      perTarget.put(target.getKey(), state);
      allUp &= KubernetesProbe.UP.equals(state);
    }
    if (!allUp) {
      log.warn("Kubernetes health check: {}", perTarget);
    }
    return (allUp ? Health.up() : Health.status(SearchHealthIndicator.DEGRADED))
        .withDetail("targets", perTarget)
        .build();
  }

  private static String stateOf(Future<String> check, long until, Duration deadline) {
    try {
      return check.get(Math.max(0, until - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      return "DOWN: no answer within " + deadline;
    } catch (ExecutionException e) {
      return "DOWN: " + e.getCause().getClass().getSimpleName();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "DOWN: interrupted";
    }
  }
}
