package com.darwin.compute.core.podexec;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The pod-task runner: how often it looks at running clusters' pods, how long after its own timeout
 * a task that never reported is failed, how much of a task's output is kept, how soon after a task
 * reports its pod's next one is started (reports within it share one run), and how many tasks a
 * replica runs at once.
 *
 * @param maxRunning tasks this replica runs at once: each holds an exec stream through the API
 *     server for as long as its program runs (minutes for an install), so a library added to many
 *     large clusters at once would otherwise open one per pod; past it a pod's next task waits for
 *     a free one
 */
@ConfigurationProperties("compute.pod-tasks")
public record PodTaskProperties(
    @DefaultValue("2s") Duration interval,
    @DefaultValue("30s") Duration reportGrace,
    @DefaultValue("64KB") DataSize logLimit,
    @DefaultValue("200ms") Duration followUpDelay,
    @DefaultValue("200") int maxRunning) {

  public PodTaskProperties {
    if (maxRunning < 1) {
      throw new IllegalArgumentException(
          "compute.pod-tasks.max-running must be at least 1, not "
              + maxRunning
              + ": no library or command would ever run");
    }
  }
}
