package com.darwin.compute.core.isolation;

import com.darwin.compute.core.notify.Alert;
import com.darwin.compute.core.notify.AlertService;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * What a scheduled job does when one cluster makes it fail: the job goes on with the others, and
 * the failure is logged, counted ({@value #METRIC}, tagged with the job) and alerted once per
 * cluster and job (the alert service's deduplication window). One bad row must never switch off a
 * job that serves everybody, so every per-cluster step of a job runs through {@link #isolate}.
 */
@Component
public class ClusterJobFailures {

  public static final String METRIC = "compute.jobs.cluster.failures";
  private static final Logger log = LoggerFactory.getLogger(ClusterJobFailures.class);

  private final AlertService alerts;
  private final MeterRegistry meters;

  public ClusterJobFailures(AlertService alerts, ObjectProvider<MeterRegistry> meters) {
    this.alerts = alerts;
    this.meters = meters.getIfAvailable(SimpleMeterRegistry::new);
  }

  /** A step of a job for one cluster. */
  @FunctionalInterface
  public interface Step<T> {
    T run() throws Exception;
  }

  /**
   * Runs one cluster's step; on any exception records it and returns {@code fallback}, so the
   * caller carries on with the next cluster.
   */
  public <T> T isolate(String job, String clusterId, T fallback, Step<T> step) {
    try {
      return step.run();
    } catch (Exception | StackOverflowError e) {
      record(job, clusterId, e);
      return fallback;
    }
  }

  /** Records a failure of {@code job} on one cluster: log, metric, one alert. */
  public void record(String job, String clusterId, Throwable e) {
    log.error("{}: cluster {} failed and was skipped; the job goes on", job, clusterId, e);
    Counter.builder(METRIC)
        .description("Failures of a scheduled job on one cluster (the job went on with the others)")
        .tag("job", job)
        .register(meters)
        .increment();
    try {
      alerts.send(
          List.of(
              new Alert(
                  clusterId,
                  "JOB_FAILURE:" + job,
                  "CLUSTER SKIPPED BY "
                      + job
                      + "\nCluster: "
                      + clusterId
                      + "\nError: "
                      + errorText(e))));
    } catch (RuntimeException alertFailure) {
      // Alerting is best effort here: the failure is already logged and counted.
      log.warn("Could not alert the failure of {} on {}", job, clusterId, alertFailure);
    }
  }

  /** Bounded: an exception's message can be any length, and Slack refuses a long post. */
  static String errorText(Throwable e) {
    String text = e.getMessage() == null ? e.toString() : e.getMessage();
    return text.length() <= MAX_ERROR_TEXT ? text : text.substring(0, MAX_ERROR_TEXT) + " [cut]";
  }

  static final int MAX_ERROR_TEXT = 2000;

  /** How many failures {@code job} has recorded in this process (tests, diagnostics). */
  public double count(String job) {
    Counter counter = meters.find(METRIC).tag("job", job).counter();
    return counter == null ? 0 : counter.count();
  }
}
