package com.darwin.compute.sdk;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real HTTP server on a local port that answers each path from a script: the queued answers in
 * order, then the last one again. It records what it received, so tests can check the headers.
 */
final class ScriptedServer implements AutoCloseable {

  record Answer(int status, String body) {}

  record Received(String method, String path, Map<String, List<String>> headers, String body) {
    String header(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().get(0))
          .findFirst()
          .orElse(null);
    }
  }

  private final HttpServer server;
  private final Map<String, Deque<Answer>> script = new ConcurrentHashMap<>();
  private final List<Received> received = new CopyOnWriteArrayList<>();

  ScriptedServer() throws IOException {
    this(0);
  }

  ScriptedServer(int port) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    server.createContext(
        "/",
        exchange -> {
          String body =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          String key = exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath();
          received.add(
              new Received(
                  exchange.getRequestMethod(),
                  exchange.getRequestURI().toString(),
                  Map.copyOf(exchange.getRequestHeaders()),
                  body));
          Answer answer = next(key);
          byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
          if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
          }
          exchange.close();
        });
    server.start();
  }

  private synchronized Answer next(String key) {
    Deque<Answer> answers = script.get(key);
    if (answers == null || answers.isEmpty()) {
      return new Answer(404, envelope("ERROR", "{\"code\":\"NOT_FOUND\",\"errors\":[]}", "none"));
    }
    return answers.size() > 1 ? answers.poll() : answers.peek();
  }

  /** Queues answers for {@code "METHOD /path"}. */
  synchronized ScriptedServer on(String key, Answer... answers) {
    script.computeIfAbsent(key, k -> new ArrayDeque<>()).addAll(List.of(answers));
    return this;
  }

  static Answer ok(String dataJson) {
    return new Answer(200, envelope("SUCCESS", dataJson, "ok"));
  }

  static Answer error(int status, String code, String message) {
    return new Answer(
        status, envelope("ERROR", "{\"code\":\"" + code + "\",\"errors\":[]}", message));
  }

  static String envelope(String status, String dataJson, String message) {
    return "{\"status\":\""
        + status
        + "\",\"data\":"
        + dataJson
        + ",\"message\":\""
        + message
        + "\"}";
  }

  static String metadata(String id, String status, String desiredState) {
    return "{\"cluster_id\":\""
        + id
        + "\",\"status\":\""
        + status
        + "\",\"desired_state\":\""
        + desiredState
        + "\",\"active_pods\":1}";
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  List<Received> received() {
    return received;
  }

  long count(String method, String pathPrefix) {
    return received.stream()
        .filter(r -> r.method().equals(method) && r.path().startsWith(pathPrefix))
        .count();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
