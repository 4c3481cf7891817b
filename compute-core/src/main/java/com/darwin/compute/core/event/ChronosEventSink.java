package com.darwin.compute.core.event;

import com.darwin.compute.core.config.EventSinkProperties;
import com.darwin.compute.core.http.PlainHttp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Chronos event service over HTTP: {@code POST {url}/api/v1/event} with the {@code
 * x-event-source} header, one event per request, every call bounded by the configured timeout.
 */
@Component
public class ChronosEventSink implements EventSink {

  private static final Logger log = LoggerFactory.getLogger(ChronosEventSink.class);

  private final EventSinkProperties properties;
  private final HttpClient http;
  private final JsonMapper mapper = JsonMapper.builder().build();

  public ChronosEventSink(EventSinkProperties properties) {
    this.properties = properties;
    this.http = PlainHttp.client(properties.timeout());
  }

  @Override
  public Delivery deliver(Map<String, Object> event) {
    String body;
    try {
      body = mapper.writeValueAsString(event);
    } catch (RuntimeException e) {
      return Delivery.REJECTED;
    }
    try {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(properties.url() + "/api/v1/event"))
              .timeout(properties.timeout())
              .header("Content-Type", "application/json")
              .header("x-event-source", properties.source())
              .POST(HttpRequest.BodyPublishers.ofString(body))
              .build();
      HttpResponse<Void> response =
          PlainHttp.send(
              http, request, HttpResponse.BodyHandlers.discarding(), properties.timeout());
      int status = response.statusCode();
      if (status / 100 == 2) {
        return Delivery.SENT;
      }
      log.debug("Event service answered {} for an event of {}", status, event.get("cluster_id"));
      return status / 100 == 4 && status != 429 ? Delivery.REJECTED : Delivery.UNREACHABLE;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Delivery.UNREACHABLE;
    } catch (Exception e) {
      log.debug("Event service unreachable: {}", e.toString());
      return Delivery.UNREACHABLE;
    }
  }
}
