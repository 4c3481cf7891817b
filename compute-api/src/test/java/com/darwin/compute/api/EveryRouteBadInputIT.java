package com.darwin.compute.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Bad input on every route of the OpenAPI document, generated from the document itself: junk in
 * each path variable, query parameter and top-level body property, bodies that are not the JSON the
 * route takes, and broken identity headers. Whatever a route makes of a case, the answer is never a
 * 5xx and never a hang, and an error answer is the JSON envelope. {@link HostileInputIT} goes
 * deeper, field by field, on the routes that take a cluster.
 */
@OwnContext
class EveryRouteBadInputIT extends ApiIntegrationTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Set<String> METHODS = Set.of("get", "post", "put", "delete", "patch");

  /** Path variables as sent (already percent-encoded: each is one path segment). */
  private static final List<String> PATH_JUNK =
      List.of(
          "..%2F..%2Fetc%2Fpasswd",
          "%27%3B%20DROP%20TABLE%20clusters%3B--",
          "x".repeat(3_000),
          "a%00b",
          "%F0%9F%98%80%E2%80%AE",
          "-1",
          "%24%7Bjndi%3Aldap%3A%2F%2Fx%7D");

  private static final List<String> QUERY_JUNK =
      List.of("a\u0000b", "two\nlines", "-1", "99999999999999999999", "x".repeat(5_000), "", "abc");

  private static final List<String> RAW_BODIES =
      List.of(
          "not json",
          "[]",
          "{",
          "null",
          "1",
          "\"text\"",
          "{\"a\":".repeat(2_000) + "1" + "}".repeat(2_000));

  private static final List<String> IDENTITY_JUNK =
      List.of("not json", "{}", "{\"email\": 5}", "{\"email\": \"a\\u0000b@example.com\"}");

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** One request of the run, and what it stands for in a failure's description. */
  private record Case(
      String method, String path, String contentType, String body, String identity, String junk) {

    @Override
    public String toString() {
      return method + " " + abbreviate(path) + " [" + junk + "]";
    }
  }

  @Test
  @Timeout(value = 10, unit = TimeUnit.MINUTES)
  void noRouteAnswersBadInputWithA5xxAHangOrOutsideTheEnvelope() throws Exception {
    HttpResponse<String> docs = get("/v3/api-docs");
    assertThat(docs.statusCode()).as(docs.body()).isEqualTo(200);
    JsonNode document = JSON.readTree(docs.body());
    String clusterId = createStopped("every-route");
    Set<String> operations = new LinkedHashSet<>();
    List<Case> cases = new ArrayList<>();
    for (Map.Entry<String, JsonNode> path : document.get("paths").properties()) {
      for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
        if (METHODS.contains(operation.getKey())) {
          operations.add(operation.getKey() + " " + path.getKey());
          cases.addAll(
              casesOf(
                  operation.getKey().toUpperCase(),
                  path.getKey(),
                  operation.getValue(),
                  document,
                  clusterId));
        }
      }
    }
    // The document was read and every route has cases: a run over nothing cannot pass.
    assertThat(operations).hasSizeGreaterThan(80);
    assertThat(cases).hasSizeGreaterThan(20 * operations.size());

    List<String> failures = new ArrayList<>();
    Map<Integer, Integer> statuses = new TreeMap<>();
    int hangs = 0;
    for (Case c : cases) {
      Answer answer = answer(c);
      statuses.merge(answer.status(), 1, Integer::sum);
      if (answer.problem() != null) {
        failures.add(c + ": " + answer.problem());
      }
      if (answer.status() == HUNG && ++hangs == 3) {
        break; // three hangs say enough, and each costs 20 s
      }
    }
    assertThat(failures).as("%d cases, statuses %s", cases.size(), statuses).isEmpty();
    // The cases reached the routes' validation: a run refused at the door (401, 404) proves
    // nothing.
    assertThat(statuses.getOrDefault(400, 0))
        .as("statuses %s", statuses)
        .isGreaterThan(cases.size() / 3);
  }

  // --- the cases ---------------------------------------------------------------------------------

  private static List<Case> casesOf(
      String method, String template, JsonNode operation, JsonNode document, String clusterId) {
    List<String> pathVariables = new ArrayList<>();
    List<String> queryParameters = new ArrayList<>();
    for (JsonNode parameter : operation.path("parameters")) {
      String in = parameter.path("in").asString();
      if ("path".equals(in)) {
        pathVariables.add(parameter.get("name").asString());
      } else if ("query".equals(in)) {
        queryParameters.add(parameter.get("name").asString());
      }
    }
    JsonNode schema =
        resolve(
            operation.path("requestBody").path("content").path("application/json").path("schema"),
            document);
    boolean takesJson = !schema.isMissingNode();
    String validPath = fill(template, pathVariables, null, null, clusterId);
    String body = takesJson ? sample(schema, document, 0).toString() : null;
    String contentType = takesJson ? "application/json" : null;

    List<Case> cases = new ArrayList<>();
    for (String variable : pathVariables) {
      for (String junk : PATH_JUNK) {
        cases.add(
            new Case(
                method,
                fill(template, pathVariables, variable, junk, clusterId),
                contentType,
                body,
                Api.USER,
                "path " + variable + "=" + abbreviate(junk)));
      }
    }
    for (String parameter : queryParameters) {
      for (String junk : QUERY_JUNK) {
        String query = parameter + "=" + URLEncoder.encode(junk, StandardCharsets.UTF_8);
        cases.add(
            new Case(
                method,
                validPath + "?" + query,
                contentType,
                body,
                Api.USER,
                "query " + parameter + "=" + abbreviate(JSON.writeValueAsString(junk))));
      }
    }
    if (takesJson) {
      for (String raw : RAW_BODIES) {
        cases.add(
            new Case(
                method, validPath, "application/json", raw, Api.USER, "body " + abbreviate(raw)));
      }
      cases.add(new Case(method, validPath, "text/plain", "a=1", Api.USER, "a text/plain body"));
      for (Map.Entry<String, JsonNode> property : schema.path("properties").properties()) {
        for (JsonNode junk : junkValues()) {
          ObjectNode mutated = (ObjectNode) JSON.readTree(body);
          mutated.set(property.getKey(), junk);
          cases.add(
              new Case(
                  method,
                  validPath,
                  "application/json",
                  mutated.toString(),
                  Api.USER,
                  "body " + property.getKey() + "=" + abbreviate(junk.toString())));
        }
      }
    }
    for (String identity : IDENTITY_JUNK) {
      cases.add(new Case(method, validPath, contentType, body, identity, "msd-user " + identity));
    }
    return cases;
  }

  private static List<JsonNode> junkValues() {
    return List.of(
        NODES.nullNode(),
        NODES.numberNode(1.5e308),
        NODES.numberNode(new java.math.BigInteger("1180591620717411303424")),
        NODES.numberNode(-1),
        NODES.stringNode("x".repeat(70_000)),
        // Many parts: a pattern with a greedy repeated group recursed once per part.
        NODES.stringNode("a.".repeat(50_000) + "a"),
        NODES.stringNode("a\u0000b\u202e"),
        NODES.objectNode().set("a", NODES.arrayNode().add(1)),
        NODES.arrayNode().add(NODES.nullNode()),
        NODES.booleanNode(true));
  }

  /** The path with a real cluster id (or "x") in each variable, and {@code junk} in one. */
  private static String fill(
      String template, List<String> variables, String junkFor, String junk, String clusterId) {
    String path = template;
    for (String variable : variables) {
      String value;
      if (variable.equals(junkFor)) {
        value = junk;
      } else if (variable.equals("clusterId")) {
        value = clusterId;
      } else {
        value = "x";
      }
      path = path.replace("{" + variable + "}", value);
    }
    return path;
  }

  private static JsonNode resolve(JsonNode schema, JsonNode document) {
    JsonNode current = schema;
    for (int depth = 0; depth < 10 && current.has("$ref"); depth++) {
      String name = current.get("$ref").asString().replaceFirst("^#/components/schemas/", "");
      current = document.path("components").path("schemas").path(name);
    }
    return current;
  }

  /** A value of the schema's shape (not necessarily one the route accepts). */
  private static JsonNode sample(JsonNode schemaOrRef, JsonNode document, int depth) {
    JsonNode schema = resolve(schemaOrRef, document);
    if (schema.has("enum") && schema.get("enum").size() > 0) {
      return schema.get("enum").get(0);
    }
    String type = schema.path("type").asString("");
    switch (type) {
      case "string":
        return NODES.stringNode("fuzz");
      case "integer":
        return NODES.numberNode(1);
      case "number":
        return NODES.numberNode(1.0);
      case "boolean":
        return NODES.booleanNode(false);
      case "array":
        return depth < 3
            ? NODES.arrayNode().add(sample(schema.path("items"), document, depth + 1))
            : NODES.arrayNode();
      default:
        ObjectNode object = NODES.objectNode();
        if (depth < 3) {
          for (Map.Entry<String, JsonNode> property : schema.path("properties").properties()) {
            object.set(property.getKey(), sample(property.getValue(), document, depth + 1));
          }
        }
        return object;
    }
  }

  // --- the run -----------------------------------------------------------------------------------

  private static final int HUNG = -1;

  /** The status of the answer to a case, and what is wrong with it (null if nothing). */
  private record Answer(int status, String problem) {}

  private Answer answer(Case c) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(api.base() + c.path()))
            .timeout(Duration.ofSeconds(20))
            .header("msd-user", c.identity());
    if (c.body() == null) {
      request.method(c.method(), HttpRequest.BodyPublishers.noBody());
    } else {
      request
          .header("Content-Type", c.contentType())
          .method(c.method(), HttpRequest.BodyPublishers.ofString(c.body()));
    }
    HttpResponse<String> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (java.net.http.HttpTimeoutException e) {
      return new Answer(HUNG, "no answer in 20 s");
    } catch (Exception e) {
      return new Answer(0, "the connection failed: " + e);
    }
    int status = response.statusCode();
    if (status >= 500) {
      return new Answer(status, status + " " + abbreviate(response.body()));
    }
    if (status >= 400) {
      try {
        JsonNode body = JSON.readTree(response.body());
        if (!"ERROR".equals(body.path("status").asString())
            || !body.path("message").isString()
            || !body.has("data")) {
          return new Answer(
              status, status + " outside the envelope: " + abbreviate(response.body()));
        }
      } catch (RuntimeException e) {
        return new Answer(status, status + " not JSON: " + abbreviate(response.body()));
      }
    }
    return new Answer(status, null);
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(api.base() + path))
            .header("msd-user", Api.USER)
            .GET()
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String abbreviate(String text) {
    return text.length() <= 160 ? text : text.substring(0, 160) + "...";
  }
}
