package com.darwin.compute.core.maven;

import com.darwin.compute.core.domain.InvalidRequestException;
import com.darwin.compute.core.http.PlainHttp;
import com.darwin.compute.model.maven.MavenArtifacts;
import com.darwin.compute.model.maven.MavenLibrary;
import com.darwin.compute.model.maven.MavenPackage;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Searches Maven artifacts and lists their versions through the configured Solr search endpoint
 * (Maven Central's by default), as the Python service did. Answers are cached for {@code
 * compute.maven.cache-ttl}; an endpoint that cannot be reached, times out or answers something else
 * than its JSON is a 503 saying so. Search text is sent as a URL-encoded parameter only.
 */
@Service
public class MavenSearch {

  private static final Pattern MAVEN_ID =
      Pattern.compile("^[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_])?$");
  private static final int VERSION_PAGE = 200;

  /** How many call timeouts listing an artifact's versions may take in all. */
  static final int LIST_TIMEOUTS = 3;

  private final MavenProperties properties;
  private final Clock clock;
  private final HttpClient http;
  private final JsonMapper mapper = JsonMapper.builder().build();
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();
  private final Map<String, CompletableFuture<Object>> loading = new ConcurrentHashMap<>();

  private record Cached(Object value, Instant expires) {}

  public MavenSearch(MavenProperties properties, Clock clock) {
    this.properties = properties;
    this.clock = clock;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(properties.timeout())
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
  }

  public MavenLibrary search(String repository, String search, int pageSize, int offset) {
    if (repository == null || !repository.strip().equalsIgnoreCase("CENTRAL")) {
      throw new InvalidRequestException("repository", "must be CENTRAL");
    }
    if (search == null || search.isBlank() || search.length() > 200) {
      throw new InvalidRequestException("search", "must be 1 to 200 characters");
    }
    if (pageSize < 1 || pageSize > properties.maxPageSize()) {
      throw new InvalidRequestException(
          "page_size", "must be between 1 and " + properties.maxPageSize());
    }
    if (offset < 0) {
      throw new InvalidRequestException("offset", "must be 0 or more");
    }
    String query =
        "q=" + encode(search.strip()) + "&rows=" + pageSize + "&start=" + offset + "&wt=json";
    return cached(
        "search:" + query,
        () -> {
          JsonNode response = call(query).path("response");
          List<MavenPackage> packages = new ArrayList<>();
          for (JsonNode doc : response.path("docs")) {
            packages.add(
                new MavenPackage(
                    doc.path("g").asString(null),
                    doc.path("a").asString(null),
                    doc.path("latestVersion").asString(doc.path("v").asString(null))));
          }
          return new MavenLibrary(response.path("numFound").asLong(packages.size()), packages);
        });
  }

  public MavenArtifacts versions(String groupId, String artifactId) {
    if (!MAVEN_ID.matcher(groupId).matches() || groupId.length() > 255) {
      throw new InvalidRequestException("group_id", "must be a Maven group id");
    }
    if (!MAVEN_ID.matcher(artifactId).matches() || artifactId.length() > 255) {
      throw new InvalidRequestException("artifact_id", "must be a Maven artifact id");
    }
    return cached(
        "versions:" + groupId + ":" + artifactId,
        () -> {
          List<String> versions = new ArrayList<>();
          String q = encode("g:\"" + groupId + "\" AND a:\"" + artifactId + "\"");
          // Up to maxVersions / 200 calls, each within the timeout: a slow search service held the
          // request thread for minutes. No call starts past three timeouts (so four at most in
          // all); then no list (a part of it would be cached as the whole).
          Instant deadline = clock.instant().plus(properties.timeout().multipliedBy(LIST_TIMEOUTS));
          for (int start = 0; start < properties.maxVersions(); start += VERSION_PAGE) {
            if (start > 0 && !clock.instant().isBefore(deadline)) {
              throw unavailable(
                  "did not list every version within "
                      + properties.timeout().multipliedBy(LIST_TIMEOUTS),
                  null);
            }
            JsonNode docs =
                call("q=" + q + "&core=gav&rows=" + VERSION_PAGE + "&start=" + start + "&wt=json")
                    .path("response")
                    .path("docs");
            if (docs.isEmpty()) {
              break;
            }
            docs.forEach(d -> versions.add(d.path("v").asString()));
            if (docs.size() < VERSION_PAGE) {
              break;
            }
          }
          return new MavenArtifacts(groupId, artifactId, versions);
        });
  }

  @SuppressWarnings("unchecked")
  private <T> T cached(String key, Supplier<T> load) {
    Instant now = clock.instant();
    Cached hit = cache.get(key);
    if (hit != null && hit.expires().isAfter(now)) {
      return (T) hit.value();
    }
    // One load per key at a time: the form asks for an artifact's versions as it is typed and
    // several users pick the same artifacts, and each miss made every call of the list again.
    CompletableFuture<Object> mine = new CompletableFuture<>();
    CompletableFuture<Object> running = loading.putIfAbsent(key, mine);
    if (running != null) {
      try {
        return (T) running.join();
      } catch (CompletionException e) {
        throw e.getCause() instanceof RuntimeException r ? r : e;
      }
    }
    try {
      T value = store(key, load.get(), now);
      mine.complete(value);
      return value;
    } catch (RuntimeException | Error e) {
      mine.completeExceptionally(e); // those waiting on it fail as this call does
      throw e;
    } finally {
      loading.remove(key, mine);
    }
  }

  private <T> T store(String key, T value, Instant now) {
    if (cache.size() >= properties.cacheSize()) {
      cache.entrySet().removeIf(e -> !e.getValue().expires().isAfter(now));
      if (cache.size() >= properties.cacheSize()) {
        cache.clear(); // crude but bounded; the cache is a courtesy to the search endpoint
      }
    }
    cache.put(key, new Cached(value, now.plus(properties.cacheTtl())));
    return value;
  }

  private JsonNode call(String query) {
    URI uri = URI.create(properties.searchUrl() + "?" + query);
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(properties.timeout())
            .header("Accept", "application/json")
            .GET()
            .build();
    HttpResponse<String> response;
    try {
      response =
          PlainHttp.send(http, request, HttpResponse.BodyHandlers.ofString(), properties.timeout());
    } catch (IOException e) {
      throw unavailable("could not be reached: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unavailable("was interrupted", e);
    }
    if (response.statusCode() != 200) {
      throw unavailable("answered HTTP " + response.statusCode(), null);
    }
    try {
      JsonNode body = mapper.readTree(response.body());
      if (!body.path("response").isObject()) {
        throw unavailable("answered without a search response", null);
      }
      return body;
    } catch (RuntimeException e) {
      if (e instanceof MavenSearchUnavailableException u) {
        throw u;
      }
      throw unavailable("answered something that is not JSON", e);
    }
  }

  private MavenSearchUnavailableException unavailable(String what, Throwable cause) {
    return new MavenSearchUnavailableException(
        "The Maven search service " + what + "; try again later (compute.maven.search-url)", cause);
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
