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
 *
 * <p>The SDK's client is made on the first post, not at start-up: its configuration starts a
 * metrics thread per API family (nine) and its HTTP client loads OkHttp and Kotlin's runtime, all
 * for alerts that may never be sent by this replica.
 */
@Component
public class SlackSender implements DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(SlackSender.class);

  private final SlackProperties properties;
  private Slack slack;
  private boolean closed;

  public SlackSender(SlackProperties properties) {
    this.properties = properties;
  }

  private synchronized Slack slack() {
    if (closed) {
      throw new IllegalStateException("the application is shutting down");
    }
    if (slack == null) {
      SlackConfig config = new SlackConfig();
      String prefix =
          properties.apiUrl().endsWith("/") ? properties.apiUrl() : properties.apiUrl() + "/";
      config.setMethodsEndpointUrlPrefix(prefix);
      // Otherwise the SDK first calls auth.test to collect metrics.
      config.setStatsEnabled(false);
      slack = Slack.getInstance(config);
    }
    return slack;
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
          slack()
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
  public synchronized void destroy() throws Exception {
    closed = true;
    if (slack != null) {
      slack.close();
    }
  }
}
