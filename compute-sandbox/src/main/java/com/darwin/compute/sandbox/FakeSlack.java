package com.darwin.compute.sandbox;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A SIMULATED Slack Web API: answers {@code POST /api/chat.postMessage} like Slack does and records
 * each message (token, channel, text) so tests can assert exactly what was posted. In the local
 * profile the messages are logged instead of reaching Slack.
 */
public final class FakeSlack implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(FakeSlack.class);

  /** One {@code chat.postMessage} call. */
  public record Message(String token, String channel, String username, String text) {}

  private final HttpServer server;
  private final List<Message> messages = new CopyOnWriteArrayList<>();
  private final List<Message> refused = new CopyOnWriteArrayList<>();
  private volatile String refusal;

  private FakeSlack(HttpServer server) {
    this.server = server;
  }

  public static FakeSlack start() {
    try {
      HttpServer server = LoopbackHttpServers.create();
      FakeSlack slack = new FakeSlack(server);
      server.createContext("/api/chat.postMessage", slack::postMessage);
      server.start();
      return slack;
    } catch (IOException e) {
      throw new IllegalStateException("cannot start the fake Slack", e);
    }
  }

  /** The Web API prefix for {@code SlackConfig} ({@code compute.slack.api-url}). */
  public String apiUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/api/";
  }

  public List<Message> messages() {
    return List.copyOf(messages);
  }

  /**
   * Answers every post {@code ok: false} with this error (as Slack answers a channel it does not
   * know, say), until {@link #accept()}; the refused posts are not among {@link #messages()}.
   */
  public void refuse(String error) {
    this.refusal = error;
  }

  public void accept() {
    this.refusal = null;
  }

  /** The refused posts that mention a text. */
  public List<Message> refusedAbout(String text) {
    return refused.stream().filter(m -> m.text() != null && m.text().contains(text)).toList();
  }

  /** The messages that mention a text (a cluster id, say). */
  public List<Message> messagesAbout(String text) {
    return messages.stream().filter(m -> m.text() != null && m.text().contains(text)).toList();
  }

  private void postMessage(HttpExchange exchange) throws IOException {
    try (exchange) {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      Map<String, String> form = new LinkedHashMap<>();
      for (String pair : body.split("&")) {
        int eq = pair.indexOf('=');
        if (eq > 0) {
          form.put(
              URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
              URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
      }
      String auth = exchange.getRequestHeaders().getFirst("Authorization");
      String token =
          auth != null && auth.startsWith("Bearer ") ? auth.substring(7) : form.get("token");
      Message message =
          new Message(token, form.get("channel"), form.get("username"), form.get("text"));
      String error = refusal;
      if (error != null) {
        refused.add(message);
        answer(exchange, "{\"ok\":false,\"error\":\"" + error + "\"}");
        return;
      }
      messages.add(message);
      log.info(
          "[simulated Slack] {} <- {}", message.channel(), message.text().replace("\n", " | "));
      answer(exchange, "{\"ok\":true,\"channel\":\"C0SANDBOX\",\"ts\":\"1700000000.000100\"}");
    }
  }

  /** Slack answers its Web API calls 200 with JSON, refusals included. */
  private static void answer(HttpExchange exchange, String json) throws IOException {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    exchange.sendResponseHeaders(200, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
