package com.darwin.compute.core.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Init scripts run at every pod start, before Ray. Long ones make clusters fail to start (the
 * Darwin README's FAQ), so requests over these limits are rejected and pointed to the library
 * installation API and custom runtimes.
 *
 * @param maxSize largest script accepted
 * @param maxCommands most commands (non-blank, non-comment lines) accepted
 * @param timeout how long a script may run before Ray starts anyway: at least 1s, or the start
 *     stops (the runner counts it in whole seconds, and {@code timeout} reads 0 as no limit)
 */
@ConfigurationProperties("compute.init-script")
public record InitScriptProperties(
    @DefaultValue("4KB") DataSize maxSize,
    @DefaultValue("25") int maxCommands,
    @DefaultValue("5m") Duration timeout) {

  public InitScriptProperties {
    if (timeout != null && timeout.toSeconds() < 1) {
      throw new IllegalArgumentException(
          "compute.init-script.timeout must be at least 1s, not " + timeout);
    }
  }
}
