package com.darwin.compute.sandbox;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A SIMULATED Maven Central search API ({@code /solrsearch/select}): a small fixed catalogue of
 * artifacts, searched by a substring of the group or artifact id ({@code q=TEXT}, {@code rows},
 * {@code start}), and the versions of one artifact ({@code q=g:"G" AND a:"A"} with {@code
 * core=gav}), in Solr's JSON. {@code com.example:many-versions} has 250 versions, to page through.
 * A test can make it unreachable (connections are dropped) and count the calls it got.
 */
public final class FakeMavenSearch implements AutoCloseable {

  private static final Pattern GAV = Pattern.compile("^g:\"([^\"]+)\" AND a:\"([^\"]+)\"$");

  private final HttpServer server;
  private final Map<String, List<String>> catalogue = new LinkedHashMap<>();
  private final AtomicBoolean down = new AtomicBoolean();
  private final AtomicInteger requests = new AtomicInteger();

  private FakeMavenSearch(HttpServer server) {
    this.server = server;
    catalogue.put("org.apache.spark:spark-sql_2.12", List.of("3.3.0", "3.4.1", "3.5.0", "3.5.3"));
    catalogue.put("org.apache.spark:spark-core_2.12", List.of("3.4.1", "3.5.3"));
    catalogue.put("com.google.guava:guava", List.of("31.1-jre", "32.1.3-jre", "33.2.1-jre"));
    catalogue.put("org.postgresql:postgresql", List.of("42.6.0", "42.7.3"));
    catalogue.put("org.apache.hadoop:hadoop-aws", List.of("3.3.4", "3.4.0"));
    catalogue.put("io.delta:delta-spark_2.12", List.of("3.1.0", "3.2.0"));
    List<String> many = new ArrayList<>();
    for (int i = 0; i < 250; i++) {
      many.add("1.0." + i);
    }
    catalogue.put("com.example:many-versions", many);
  }

  public static FakeMavenSearch start() {
    try {
      HttpServer server = LoopbackHttpServers.create();
      FakeMavenSearch search = new FakeMavenSearch(server);
      server.createContext("/solrsearch/select", search::select);
      server.start();
      return search;
    } catch (IOException e) {
      throw new IllegalStateException("cannot start the fake Maven search", e);
    }
  }

  /** For {@code compute.maven.search-url}. */
  public String searchUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/solrsearch/select";
  }

  /** While down, every connection is dropped without an answer. */
  public void setDown(boolean isDown) {
    down.set(isDown);
  }

  public int requestCount() {
    return requests.get();
  }

  private void select(HttpExchange exchange) throws IOException {
    requests.incrementAndGet();
    if (down.get()) {
      exchange.close(); // no status line: the client sees the connection end
      return;
    }
    try (exchange) {
      Map<String, String> params = new LinkedHashMap<>();
      String query = exchange.getRequestURI().getRawQuery();
      for (String pair : query == null ? new String[0] : query.split("&")) {
        int eq = pair.indexOf('=');
        if (eq > 0) {
          params.put(
              pair.substring(0, eq),
              URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
      }
      String q = params.getOrDefault("q", "");
      int rows = Integer.parseInt(params.getOrDefault("rows", "10"));
      int start = Integer.parseInt(params.getOrDefault("start", "0"));
      Matcher gav = GAV.matcher(q);
      List<String> docs = new ArrayList<>();
      int found;
      if ("gav".equals(params.get("core")) && gav.matches()) {
        List<String> versions =
            catalogue.getOrDefault(gav.group(1) + ":" + gav.group(2), List.of());
        found = versions.size();
        for (int i = start; i < Math.min(versions.size(), start + rows); i++) {
          docs.add(doc(gav.group(1), gav.group(2), "v", versions.get(i)));
        }
      } else {
        String text = q.toLowerCase(Locale.ROOT);
        List<String> hits =
            catalogue.keySet().stream()
                .filter(k -> k.toLowerCase(Locale.ROOT).contains(text))
                .toList();
        found = hits.size();
        for (int i = start; i < Math.min(hits.size(), start + rows); i++) {
          String[] ga = hits.get(i).split(":");
          List<String> versions = catalogue.get(hits.get(i));
          docs.add(doc(ga[0], ga[1], "latestVersion", versions.get(versions.size() - 1)));
        }
      }
      byte[] answer =
          ("{\"responseHeader\":{\"status\":0},\"response\":{\"numFound\":"
                  + found
                  + ",\"start\":"
                  + start
                  + ",\"docs\":["
                  + String.join(",", docs)
                  + "]}}")
              .getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, answer.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(answer);
      }
    }
  }

  private static String doc(String g, String a, String versionKey, String version) {
    return "{\"id\":\""
        + g
        + ":"
        + a
        + "\",\"g\":\""
        + g
        + "\",\"a\":\""
        + a
        + "\",\""
        + versionKey
        + "\":\""
        + version
        + "\"}";
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
