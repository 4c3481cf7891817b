package com.darwin.compute.core.search;

import co.elastic.clients.elasticsearch.core.SearchRequest;
import co.elastic.clients.json.jackson.Jackson3JsonpMapper;
import com.darwin.compute.core.config.SearchProperties;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.apache.http.client.methods.HttpPost;
import org.apache.http.entity.ByteArrayEntity;
import org.apache.http.entity.ContentType;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.util.EntityUtils;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends a search built by {@link ClusterSearchRequests} and reads its hits, on the calling thread.
 *
 * <p>Not through {@code ElasticsearchClient.search}: a JFR profile of B3 put half of the service's
 * own CPU per search in that client (the asynchronous HTTP client's per-request set-up and its I/O
 * reactor thread, two thread hand-offs per search, then the answer walked event by event through
 * JSON-P into the client's typed response before the documents were bound). Here the request is the
 * same {@link SearchRequest}, serialized once by the same mapper; a pooled blocking HTTP client
 * sends it from the request's own thread; the answer is bound by Jackson in one pass straight into
 * {@link ClusterDocument}s, reading only the total and each hit's {@code _source}.
 */
@Component
class DirectSearch {

  /** The answer of {@code _search}, as far as a page of rows reads it. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record Answer(@JsonProperty("hits") Hits hits) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record Hits(@JsonProperty("total") Total total, @JsonProperty("hits") List<Hit> hits) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record Total(@JsonProperty("value") long value) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record Hit(@JsonProperty("_source") ClusterDocument source) {}

  /** Elasticsearch's error answer: {@code {"error": {"type", "reason"}, "status"}}. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record Failure(@JsonProperty("error") Error error) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  record Error(@JsonProperty("type") String type, @JsonProperty("reason") String reason) {}

  /** Elasticsearch refused the query itself (a 400): the input, not an outage. */
  static final class Refused extends IOException {
    Refused(String reason) {
      super(reason);
    }
  }

  /** The index does not exist (a 404). */
  static final class Missing extends IOException {
    Missing(String reason) {
      super(reason);
    }
  }

  private final CloseableHttpClient http;
  private final Jackson3JsonpMapper requestMapper;
  private final JsonMapper json;
  private final String baseUrl;
  private volatile SearchUri lastUri;

  DirectSearch(
      CloseableHttpClient elasticsearchSearchHttpClient,
      Jackson3JsonpMapper elasticsearchJsonpMapper,
      SearchProperties properties) {
    this.http = elasticsearchSearchHttpClient;
    this.requestMapper = elasticsearchJsonpMapper;
    // The mapper documents are written with (SearchIndex, through the Elasticsearch client), so
    // they read back the same.
    this.json = elasticsearchJsonpMapper.objectMapper();
    String url = properties.url();
    this.baseUrl = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  /**
   * The page of {@code request} on {@code index}.
   *
   * @throws Refused when Elasticsearch refuses the query (400), with its reason
   * @throws IOException when it cannot be reached or answers otherwise
   */
  ClusterSearchService.Page search(String index, SearchRequest request) throws IOException {
    HttpPost post = new HttpPost(searchUri(index));
    post.setEntity(new ByteArrayEntity(body(request), ContentType.APPLICATION_JSON));
    try (var response = http.execute(post)) {
      int status = response.getStatusLine().getStatusCode();
      byte[] answer =
          response.getEntity() == null
              ? new byte[0]
              : EntityUtils.toByteArray(response.getEntity());
      if (status == 200) {
        return page(answer);
      }
      String reason = reason(answer);
      if (status == 400) {
        throw new Refused(reason);
      }
      if (status == 404) {
        throw new Missing(reason);
      }
      throw new IOException("Elasticsearch answered " + status + ": " + reason);
    }
  }

  /**
   * The search URI of {@code index}, parsed once: the index is the configured one, and parsing the
   * URI again was 1% of a search's CPU.
   */
  private URI searchUri(String index) {
    SearchUri known = lastUri;
    if (known == null || !known.index().equals(index)) {
      known = new SearchUri(index, URI.create(baseUrl + ClusterSearchRequests.searchPath(index)));
      lastUri = known;
    }
    return known.uri();
  }

  private record SearchUri(String index, URI uri) {}

  private byte[] body(SearchRequest request) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(512);
    try (var generator = requestMapper.jsonProvider().createGenerator(out)) {
      request.serialize(generator, requestMapper);
    }
    return out.toByteArray();
  }

  private ClusterSearchService.Page page(byte[] answer) throws IOException {
    Answer read;
    try {
      read = json.readValue(answer, Answer.class);
    } catch (JacksonException e) {
      throw new IOException(
          "Elasticsearch's search answer could not be read: " + e.getMessage(), e);
    }
    if (read.hits() == null) {
      throw new IOException("Elasticsearch's search answer has no hits");
    }
    List<Hit> hits = read.hits().hits() == null ? List.of() : read.hits().hits();
    List<ClusterDocument> documents = new ArrayList<>(hits.size());
    for (Hit hit : hits) {
      documents.add(hit.source());
    }
    long total = read.hits().total() == null ? documents.size() : read.hits().total().value();
    return new ClusterSearchService.Page(total, documents);
  }

  /** The reason Elasticsearch gave, or the start of its answer when it gave none. */
  private String reason(byte[] answer) {
    try {
      Failure failure = json.readValue(answer, Failure.class);
      if (failure != null && failure.error() != null && failure.error().reason() != null) {
        return failure.error().reason();
      }
    } catch (JacksonException e) {
      // Not JSON (a proxy's page): shown as it came.
    }
    String text = new String(answer, java.nio.charset.StandardCharsets.UTF_8);
    return text.length() > 200 ? text.substring(0, 200) + "..." : text;
  }
}
