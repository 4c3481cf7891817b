package com.darwin.compute.core.command;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Remote commands: off unless enabled (they run the owner's shell lines in the cluster's pods), the
 * timeout of a command that names none, the longest one allowed, the size of a command, and how
 * many a cluster may hold (each is a task on each of its pods, at every pass of the one runner all
 * clusters share).
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
    if (maxPerCluster < 1) {
      throw new IllegalArgumentException(
          "compute.commands.max-per-cluster must be at least 1, not " + maxPerCluster);
    }
  }
}
