package com.darwin.compute.core.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** Slack alerts: a bot token and a channel. Alerts are off while the token is unset. */
@ConfigurationProperties("compute.slack")
public record SlackProperties(
    String token,
    @DefaultValue("#darwin-auto-termination-alerts") String channel,
    @DefaultValue("https://slack.com/api/") String apiUrl,
    @DefaultValue("Darwin Compute") String username,
    @DefaultValue("local") String environment) {

  public boolean enabled() {
    return token != null && !token.isBlank();
  }
}
