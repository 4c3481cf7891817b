package com.darwin.compute.api.health;

import com.darwin.compute.core.health.DeepHealthCheck;
import com.darwin.compute.core.health.DeepHealthCheck.Part;
import com.darwin.compute.core.health.DeepHealthCheck.Probe;
import com.darwin.compute.core.kube.KubernetesErrors;
import com.darwin.compute.model.catalogue.DeepHealth;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Runs {@code GET /health/deep}'s probes at once, each against the deadline of {@code
 * /actuator/health}'s check of the same dependency ({@code compute.health.*}). One after another
 * and on their clients' own timeouts, a database that answers nothing and two hung API servers held
 * the answer for tens of seconds, longer than a monitor waits. Now the answer comes within the
 * longer deadline, a probe that did not answer by then reads {@code FAILURE: no answer within ...},
 * and a probe still running from an earlier request is waited on rather than started again, so a
 * monitor asking every few seconds during an outage holds one thread per dependency.
 */
@Component
public class DeepHealthChecks {

  private static final Logger log = LoggerFactory.getLogger(DeepHealthChecks.class);

  private final DeepHealthCheck check;
  private final DeadlineChecks checks;
  private final HealthProperties properties;

  DeepHealthChecks(DeepHealthCheck check, DeadlineChecks checks, HealthProperties properties) {
    this.check = check;
    this.checks = checks;
    this.properties = properties;
  }

  public DeepHealth check() {
    long start = System.nanoTime();
    List<Probe> probes = check.probes();
    Map<String, Future<Void>> running = new LinkedHashMap<>();
    for (Probe probe : probes) {
      // Named apart from the actuator's checks: the same dependency, another request.
      running.put(
          probe.name(),
          checks.start(
              "deep:" + probe.name(),
              () -> {
                probe.ping().run();
                return null;
              }));
    }
    Map<String, String> results = new LinkedHashMap<>();
    for (Probe probe : probes) {
      results.put(
          probe.name(), resultOf(probe.name(), running.get(probe.name()), start, deadline(probe)));
    }
    DeepHealth health = DeepHealthCheck.summarize(probes, results);
    if (!health.healthy()) {
      log.warn("Deep health check: {}", results);
    }
    return health;
  }

  private Duration deadline(Probe probe) {
    return probe.part() == Part.DATABASE
        ? properties.databaseTimeout()
        : properties.dependencyTimeout();
  }

  /**
   * A failure reads as the kind of error (and Kubernetes' code), not its message: any identified
   * caller may ask, and the messages named hosts, ports, pool internals and the API server's
   * address. The log has the whole of it.
   */
  private static String resultOf(String name, Future<Void> ping, long start, Duration deadline) {
    try {
      ping.get(Math.max(0, start + deadline.toNanos() - System.nanoTime()), TimeUnit.NANOSECONDS);
      return DeepHealth.SUCCESS;
    } catch (TimeoutException e) {
      return DeepHealthCheck.failure("no answer within " + deadline);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      // One line a check: any identified caller may ask, as often as it likes, during an outage.
      log.warn("Deep health check: {} failed: {}", name, cause.toString());
      log.debug("Deep health check: {} failed", name, cause);
      return DeepHealthCheck.failure(
          KubernetesErrors.fromKubernetes(cause)
              ? KubernetesErrors.summary(cause)
              : cause.getClass().getSimpleName());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return DeepHealthCheck.failure("interrupted");
    }
  }
}
