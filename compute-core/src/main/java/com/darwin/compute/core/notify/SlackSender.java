package com.darwin.compute.core.notify;

import com.darwin.compute.core.config.SlackProperties;
import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.response.chat.ChatPostMessageResponse;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Posts messages with Slack's {@code chat.postMessage} (bot token, one channel). Does nothing while
 * no token is configured. A failed post is logged, never thrown: an alert must not break the job
 * that raised it.
 *
 * <p>A post Slack turns away for now is sent again, up to {@link #ATTEMPTS} times: a 429 (its rate
 * limit, about a message a second per channel, is what a sweep stopping many clusters at once
 * meets) after the {@code Retry-After} it names (at most {@link #MAX_WAIT}), a 5xx after a second.
 * The SDK retries nothing itself. An alert raised once (a cluster stopped) that still fails is kept
 * and sent again later ({@link PendingAlerts}); probe errors are raised at every sweep while they
 * last, and deduplicated. Once a post has failed for good, the next ones within {@link #RESTING}
 * fail at once: a job raising many alerts while Slack is down is held for one alert's retries, not
 * for every alert's.
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
  private volatile long restingUntilNanos = System.nanoTime();

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

  static final int ATTEMPTS = 3;
  static final Duration RESTING = Duration.ofSeconds(30);
  static final Duration MAX_WAIT = Duration.ofSeconds(10);
  private static final Duration SERVER_ERROR_WAIT = Duration.ofSeconds(1);

  /** Whether alerts are sent at all (a token is configured). */
  public boolean enabled() {
    return properties.enabled();
  }

  /**
   * @return true when Slack accepted the message
   */
  public boolean post(String text) {
    if (!properties.enabled()) {
      log.debug("Slack is not configured; not sending: {}", text);
      return false;
    }
    if (Thread.currentThread().isInterrupted()) {
      return false; // the job is being stopped
    }
    if (System.nanoTime() - restingUntilNanos < 0) {
      log.warn("Slack failed moments ago; not sending: {}", text);
      return false;
    }
    for (int attempt = 1; ; attempt++) {
      try {
        ChatPostMessageResponse response =
            slack()
                .methods(properties.token())
                .chatPostMessage(
                    r ->
                        r.channel(properties.channel()).username(properties.username()).text(text));
        if (!response.isOk()) {
          log.warn("Slack refused an alert: {}", response.getError());
        }
        return response.isOk();
      } catch (SlackApiException e) {
        Duration wait = retryAfter(e);
        if (wait != null && attempt == ATTEMPTS) {
          restingUntilNanos = System.nanoTime() + RESTING.toNanos();
        }
        if (wait == null || attempt == ATTEMPTS) {
          log.warn(
              "Could not post an alert to Slack (HTTP {}, attempt {}): {}",
              e.getResponse().code(),
              attempt,
              e.getResponseBody());
          return false;
        }
        try {
          Thread.sleep(wait.toMillis());
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          return false;
        }
      } catch (Exception e) {
        // Unreachable, or no answer in time: the next alerts would wait as long.
        restingUntilNanos = System.nanoTime() + RESTING.toNanos();
        log.warn("Could not post an alert to Slack: {}", e.toString());
        return false;
      }
    }
  }

  /** How long to wait before sending again, or null when sending again would not help. */
  static Duration retryAfter(SlackApiException e) {
    int status = e.getResponse().code();
    if (status == 429) {
      Duration asked = Duration.ofSeconds(1);
      String header = e.getResponse().header("Retry-After");
      if (header != null) {
        try {
          asked = Duration.ofSeconds(Math.max(0, Long.parseLong(header.trim())));
        } catch (NumberFormatException ignored) {
          // an HTTP date or nonsense: the default
        }
      }
      return asked.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : asked;
    }
    return status >= 500 ? SERVER_ERROR_WAIT : null;
  }

  @Override
  public synchronized void destroy() throws Exception {
    closed = true;
    if (slack != null) {
      slack.close();
    }
  }
}
