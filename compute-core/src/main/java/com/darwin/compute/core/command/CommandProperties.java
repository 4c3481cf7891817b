package com.darwin.compute.core.command;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Remote commands: off unless enabled (they run the owner's shell lines in the cluster's pods), the
 * timeout of a command that names none, the longest one allowed, the size of a command, and how
 * many a cluster may hold (each is a task on each of its pods, at every pass of the one runner all
 * clusters share). Timeouts are whole seconds; a default below 1s or above the longest stops the
 * start (every command sent without a timeout would be a 400 about the field it left out).
 */
@ConfigurationProperties("compute.commands")
public record CommandProperties(
    @DefaultValue("false") boolean enabled,
    @DefaultValue("300s") Duration defaultTimeout,
    @DefaultValue("1h") Duration maxTimeout,
    @DefaultValue("50") int maxLines,
    @DefaultValue("16384") int maxLength,
    @DefaultValue("100") int maxPerCluster) {

  public CommandProperties {
    if (defaultTimeout != null && defaultTimeout.toSeconds() < 1) {
      throw new IllegalArgumentException(
          "compute.commands.default-timeout must be at least 1s, not " + defaultTimeout);
    }
    if (defaultTimeout != null
        && maxTimeout != null
        && defaultTimeout.toSeconds() > maxTimeout.toSeconds()) {
      throw new IllegalArgumentException(
          "compute.commands.default-timeout must be at most compute.commands.max-timeout ("
              + maxTimeout
              + "), not "
              + defaultTimeout);
    }
    if (maxPerCluster < 1) {
      throw new IllegalArgumentException(
          "compute.commands.max-per-cluster must be at least 1, not " + maxPerCluster);
    }
  }
}
