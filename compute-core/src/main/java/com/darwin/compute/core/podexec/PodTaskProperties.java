package com.darwin.compute.core.podexec;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The pod-task runner: how often it looks at running clusters' pods, how long after its own timeout
 * a task that never reported is failed, how much of a task's output is kept, and how soon after a
 * task reports its pod's next one is started (reports within it share one run).
 */
@ConfigurationProperties("compute.pod-tasks")
public record PodTaskProperties(
    @DefaultValue("2s") Duration interval,
    @DefaultValue("30s") Duration reportGrace,
    @DefaultValue("64KB") DataSize logLimit,
    @DefaultValue("200ms") Duration followUpDelay) {}
