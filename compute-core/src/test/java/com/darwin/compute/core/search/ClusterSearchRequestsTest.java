package com.darwin.compute.core.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import co.elastic.clients.elasticsearch.core.SearchRequest;
import co.elastic.clients.json.JsonpUtils;
import co.elastic.clients.json.jackson.Jackson3JsonpMapper;
import com.darwin.compute.core.domain.InvalidRequestException;
import com.darwin.compute.model.common.FieldError;
import com.darwin.compute.model.search.SearchClusterRequest;
import com.darwin.compute.model.search.SearchFilter;
import com.darwin.compute.model.search.SearchV1Request;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Elasticsearch request each search body becomes, compared with the expected copy kept in
 * {@code search/requests/<case>.json} beside the body it comes from ({@code <case>.body.json}); and
 * the bodies refused before anything is sent. A mismatch leaves the actual request in {@code
 * target/search-requests/} to compare.
 */
class ClusterSearchRequestsTest {

  private static final String INDEX = "clusters-test";
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @ParameterizedTest
  @ValueSource(
      strings = {
        "v2-empty",
        "v2-text-filters-exclude-sort",
        "v2-select-all-with-query",
        "v2-job-clusters-asked-for",
        "v2-empty-filters-ignored"
      })
  void aV2BodyBecomesTheExpectedRequest(String name) throws Exception {
    SearchClusterRequest body =
        JSON.readValue(read(name + ".body.json"), SearchClusterRequest.class);

    SearchRequest request =
        ClusterSearchRequests.v2(
            INDEX,
            body.query(),
            sorted(body.filters()),
            body.sortBy(),
            body.sortOrder(),
            body.pageSize(),
            body.offset());

    assertThat(request.index()).containsExactly(INDEX);
    assertMatches(name, request);
  }

  @ParameterizedTest
  @ValueSource(strings = {"v1-empty", "v1-text-filters-exclude", "v1-job-clusters"})
  void aV1BodyBecomesTheExpectedRequest(String name) throws Exception {
    SearchV1Request body = JSON.readValue(read(name + ".body.json"), SearchV1Request.class);

    SearchRequest request =
        ClusterSearchRequests.v1(
            INDEX,
            body.query(),
            sorted(body.filters()),
            sorted(body.excludeFilters()),
            body.isJobCluster(),
            body.sortBy(),
            body.sortOrder(),
            body.pageSize(),
            body.offset());

    assertThat(request.index()).containsExactly(INDEX);
    assertMatches(name, request);
  }

  @Test
  void anUnknownFilterIsRefusedWithItsName() {
    assertThat(refusedV2("{\"filters\": {\"spec.user\": {\"values\": [\"x\"]}}}"))
        .extracting(FieldError::field)
        .isEqualTo("filters.spec.user");
    FieldError v1 = refusedV1("{\"exclude_filters\": {\"ui_status\": [\"active\"]}}");
    assertThat(v1.field()).isEqualTo("filters.ui_status");
    assertThat(v1.message()).contains("unknown filter").contains("labels").contains("status");
  }

  @Test
  void anUnknownSortKeyIsRefused() {
    FieldError error = refusedV2("{\"sort_by\": \"ui_status\"}");

    assertThat(error.field()).isEqualTo("sort_by");
    assertThat(error.message()).contains("created_on").contains("last_used_on");
    assertThat(refusedV1("{\"sort_by\": \"spec\"}").field()).isEqualTo("sort_by");
  }

  @Test
  void tooManyValuesAreRefused() {
    List<String> values = new ArrayList<>(Collections.nCopies(1_001, "\"a\""));
    FieldError error =
        refusedV2("{\"filters\": {\"tags\": {\"values\": [" + String.join(",", values) + "]}}}");

    assertThat(error.field()).isEqualTo("filters.tags");
    assertThat(error.message()).contains("at most 1000 values (1001 given)");
    values.remove(0);
    // 1,000 is still accepted.
    ClusterSearchRequests.v2(
        INDEX,
        "",
        Map.of(
            "tags",
            new SearchFilter(null, new ArrayList<>(Collections.nCopies(1_000, "a")), null, null)),
        "created_on",
        "desc",
        10,
        0);
  }

  @Test
  void aPageBeyondTheResultWindowIsRefused() {
    FieldError error = refusedV2("{\"offset\": 9991, \"page_size\": 10}");

    assertThat(error.field()).isEqualTo("offset");
    assertThat(error.message()).contains("at most 10000");
    assertThat(refusedV1("{\"offset\": 10000, \"page_size\": 1}").field()).isEqualTo("offset");
  }

  @Test
  void valuesElasticsearchCouldNotUseAreRefusedWithTheFieldNamed() {
    assertThat(refusedV2("{\"filters\": {\"is_job_cluster\": {\"values\": [\"yes\"]}}}"))
        .isEqualTo(new FieldError("filters.is_job_cluster", "values must be true or false"));
    assertThat(refusedV2("{\"filters\": {\"user\": {\"values\": [{\"a\": 1}]}}}"))
        .isEqualTo(new FieldError("filters.user", "values must be strings, numbers or booleans"));
    assertThat(refusedV1("{\"filters\": {\"status\": [\"running\"]}}"))
        .isEqualTo(
            new FieldError("filters.status", "'running' is not one of inactive, creating, active"));
    String longText = "x".repeat(257);
    assertThat(refusedV2("{\"filters\": {\"name\": {\"values\": [\"" + longText + "\"]}}}"))
        .isEqualTo(new FieldError("filters.name", "values are at most 256 characters"));
    assertThat(
            refusedV2(
                "{\"filters\": {\"name\": {\"select_all\": true, \"query\": \""
                    + longText
                    + "\"}}}"))
        .extracting(FieldError::field)
        .isEqualTo("filters.name.query");
  }

  @Test
  void aSearchTextWithControlCharactersIsRefusedLikeAFilterText() {
    // Such a text matched nothing and was answered as an empty page.
    assertThat(refusedV2("{\"query\": \"fi\\u0000rst\"}").field()).isEqualTo("query");
    assertThat(refusedV1("{\"query\": \"two\\nlines\"}").field()).isEqualTo("query");
    assertThat(refusedV2("{\"query\": \"fi\\u0000rst\"}").message()).contains("U+0000");
    // Surrounding whitespace (a pasted line) is not refused.
    // Surrounding whitespace (a pasted line) is stripped: the same query as without it.
    assertThat(json(v2Of("{\"query\": \" first\\n\"}")))
        .isEqualTo(json(v2Of("{\"query\": \"first\"}")));
  }

  /** The bodies' maps have no order of their own; the expected copies list filters by name. */
  private static <V> Map<String, V> sorted(Map<String, V> filters) {
    return new TreeMap<>(filters);
  }

  private static FieldError refusedV2(String json) {
    InvalidRequestException refused =
        catchThrowableOfType(InvalidRequestException.class, () -> v2Of(json));
    assertThat(refused).as(json).isNotNull();
    assertThat(refused.errors()).hasSize(1);
    return refused.errors().get(0);
  }

  private static FieldError refusedV1(String json) {
    SearchV1Request body = JSON.readValue(json, SearchV1Request.class);
    InvalidRequestException refused =
        catchThrowableOfType(
            InvalidRequestException.class,
            () ->
                ClusterSearchRequests.v1(
                    INDEX,
                    body.query(),
                    body.filters(),
                    body.excludeFilters(),
                    body.isJobCluster(),
                    body.sortBy(),
                    body.sortOrder(),
                    body.pageSize(),
                    body.offset()));
    assertThat(refused).as(json).isNotNull();
    assertThat(refused.errors()).hasSize(1);
    return refused.errors().get(0);
  }

  private static void assertMatches(String name, SearchRequest request) throws Exception {
    String actual = JsonpUtils.toJsonString(request, new Jackson3JsonpMapper());
    JsonNode expected = JSON.readTree(read(name + ".json"));
    JsonNode actualTree = JSON.readTree(actual);
    if (!expected.equals(actualTree)) {
      Path out = Path.of("target", "search-requests", name + ".json");
      Files.createDirectories(out.getParent());
      Files.writeString(out, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(actualTree));
    }
    assertThat(actualTree)
        .as("%s (actual written to target/search-requests)", name)
        .isEqualTo(expected);
  }

  private static String json(SearchRequest request) {
    return JsonpUtils.toJsonString(request, new Jackson3JsonpMapper());
  }

  private static SearchRequest v2Of(String body) {
    SearchClusterRequest request = JSON.readValue(body, SearchClusterRequest.class);
    return ClusterSearchRequests.v2(
        INDEX,
        request.query(),
        request.filters(),
        request.sortBy(),
        request.sortOrder(),
        request.pageSize(),
        request.offset());
  }

  private static String read(String resource) throws Exception {
    try (InputStream in =
        ClusterSearchRequestsTest.class.getResourceAsStream("/search/requests/" + resource)) {
      assertThat(in).as("resource search/requests/" + resource).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
