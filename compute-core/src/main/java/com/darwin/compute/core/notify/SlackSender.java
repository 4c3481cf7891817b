package com.darwin.compute.core.notify;

import com.darwin.compute.core.config.SlackProperties;
import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.methods.response.chat.ChatPostMessageResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Posts messages with Slack's {@code chat.postMessage} (bot token, one channel). Does nothing while
 * no token is configured. A failed post is logged, never thrown: an alert must not break the job
 * that raised it.
 */
@Component
public class SlackSender implements DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(SlackSender.class);

  private final SlackProperties properties;
  private final Slack slack;

  public SlackSender(SlackProperties properties) {
    this.properties = properties;
    SlackConfig config = new SlackConfig();
    String prefix =
        properties.apiUrl().endsWith("/") ? properties.apiUrl() : properties.apiUrl() + "/";
    config.setMethodsEndpointUrlPrefix(prefix);
    // Otherwise the SDK first calls auth.test to collect metrics.
    config.setStatsEnabled(false);
    this.slack = Slack.getInstance(config);
  }

  /**
   * @return true when Slack accepted the message
   */
  public boolean post(String text) {
    if (!properties.enabled()) {
      log.debug("Slack is not configured; not sending: {}", text);
      return false;
    }
    try {
      ChatPostMessageResponse response =
          slack
              .methods(properties.token())
              .chatPostMessage(
                  r -> r.channel(properties.channel()).username(properties.username()).text(text));
      if (!response.isOk()) {
        log.warn("Slack refused an alert: {}", response.getError());
      }
      return response.isOk();
    } catch (Exception e) {
      log.warn("Could not post an alert to Slack: {}", e.toString());
      return false;
    }
  }

  @Override
  public void destroy() throws Exception {
    slack.close();
  }
}
