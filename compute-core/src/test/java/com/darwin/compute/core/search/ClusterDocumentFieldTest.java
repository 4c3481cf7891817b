package com.darwin.compute.core.search;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.json.JsonpUtils;
import co.elastic.clients.json.jackson.Jackson3JsonpMapper;
import com.darwin.compute.core.TestSpecs;
import com.darwin.compute.model.cluster.ClusterStatus;
import com.darwin.compute.model.cluster.UiClusterStatus;
import java.io.InputStream;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The field vocabulary, the document record and the index mapping resource name the same fields
 * with the same types: a field added to one of them only fails here, before any server starts.
 */
class ClusterDocumentFieldTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private static Set<String> vocabulary() {
    return Arrays.stream(ClusterDocumentField.values())
        .map(ClusterDocumentField::path)
        .collect(Collectors.toCollection(LinkedHashSet::new));
  }

  private static JsonNode mappings() throws Exception {
    try (InputStream in = SearchIndex.class.getResourceAsStream(SearchIndex.MAPPING_RESOURCE)) {
      return JSON.readTree(in).get("mappings");
    }
  }

  /** A document with every field set, so none is left out of its JSON. */
  static ClusterDocument everyFieldSet() {
    Instant at = Instant.parse("2026-03-01T10:15:30.123456Z");
    return new ClusterDocument(
        "id-1",
        "name",
        List.of("t"),
        Map.of("team", "ds"),
        List.of("ds"),
        "user@example.com",
        ClusterStatus.ACTIVE,
        UiClusterStatus.ACTIVE,
        "0.0",
        "sandbox",
        true,
        30,
        2,
        4,
        8,
        "1.0-2.0",
        "run-1",
        at,
        at,
        at,
        TestSpecs.readmeCluster(List.of(TestSpecs.worker(2, 4, 1, 2))));
  }

  @Test
  void theMappingDeclaresExactlyTheVocabularysFieldsWithTheirTypes() throws Exception {
    JsonNode properties = mappings().get("properties");
    Map<String, String> declared = new LinkedHashMap<>();
    properties
        .properties()
        .forEach(p -> declared.put(p.getKey(), p.getValue().get("type").asString()));

    Map<String, String> expected = new LinkedHashMap<>();
    for (ClusterDocumentField field : ClusterDocumentField.values()) {
      expected.put(field.path(), field.type().wireName());
    }
    assertThat(declared).containsExactlyInAnyOrderEntriesOf(expected);
  }

  @Test
  void theRecordWritesExactlyTheVocabularysFields() {
    // As the Elasticsearch client writes it (it leaves nulls out; every field is set here).
    JsonNode written =
        JSON.readTree(JsonpUtils.toJsonString(everyFieldSet(), new Jackson3JsonpMapper()));

    Set<String> names = new LinkedHashSet<>();
    written.properties().forEach(p -> names.add(p.getKey()));
    assertThat(names).containsExactlyInAnyOrderElementsOf(vocabulary());
  }

  @Test
  void aWrittenDocumentReadsBackAsTheSameRecord() {
    Jackson3JsonpMapper client = new Jackson3JsonpMapper();
    ClusterDocument document = everyFieldSet();
    String written = JsonpUtils.toJsonString(document, client);

    ClusterDocument read = client.objectMapper().readValue(written, ClusterDocument.class);

    assertThat(read).isEqualTo(document);
  }

  @Test
  void aHitWithOnlySomeFieldsReadsTheOthersAsAbsent() {
    ClusterDocument read =
        new Jackson3JsonpMapper()
            .objectMapper()
            .readValue(
                "{\"cluster_id\": \"id-1\", \"ui_status\": \"creating\","
                    + " \"created_on\": \"2026-01-01T00:00:00Z\", \"not_a_field\": 1}",
                ClusterDocument.class);

    assertThat(read.clusterId()).isEqualTo("id-1");
    assertThat(read.uiStatus()).isEqualTo(UiClusterStatus.CREATING);
    assertThat(read.createdOn()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
    assertThat(read.tags()).isEmpty();
    assertThat(read.labels()).isEmpty();
    assertThat(read.labelsFlat()).isEmpty();
    assertThat(read.name()).isNull();
    assertThat(read.status()).isNull();
    assertThat(read.activePods()).isZero();
    assertThat(read.jobCluster()).isFalse();
    assertThat(read.spec()).isNull();
  }

  @Test
  void theSpecAndTheNameSuffixesAreLeftOutOfTheStoredSourceAndTheSpecIsNotIndexed()
      throws Exception {
    JsonNode mappings = mappings();
    List<String> excluded =
        mappings.get("_source").get("excludes").valueStream().map(JsonNode::asString).toList();

    assertThat(excluded)
        .containsExactlyInAnyOrder(
            ClusterDocumentField.SPEC.path(), ClusterDocumentField.NAME_SUFFIXES.path());
    assertThat(ClusterDocumentField.NAME_SUFFIXES.inHits()).isFalse();
    assertThat(ClusterDocumentField.NAME_SUFFIXES.filterName()).isEmpty();
    assertThat(ClusterDocumentField.NAME_SUFFIXES.sortable()).isFalse();
    assertThat(ClusterSearchService.EXCLUDED_FROM_HITS).isEqualTo("spec");
    assertThat(mappings.get("properties").get("spec").get("enabled").asBoolean()).isFalse();
    assertThat(ClusterDocumentField.SPEC.inHits()).isFalse();
    assertThat(mappings.get("dynamic").asString()).isEqualTo("strict");
  }

  @Test
  void theNameIsWrittenWithItsLowercasedSuffixes() {
    JsonNode written =
        JSON.readTree(JsonpUtils.toJsonString(everyFieldSet(), new Jackson3JsonpMapper()));
    String name = everyFieldSet().name();

    List<String> suffixes =
        written.get("name_suffixes").valueStream().map(JsonNode::asString).toList();
    assertThat(suffixes).hasSize(name.length()).first().isEqualTo(name.toLowerCase(Locale.ROOT));
    assertThat(suffixes)
        .last()
        .isEqualTo(name.substring(name.length() - 1).toLowerCase(Locale.ROOT));
  }

  @Test
  void labelsAreOneFlattenedFieldAndNothingIsMappedDynamically() throws Exception {
    JsonNode labels = mappings().get("properties").get(ClusterDocumentField.LABELS.path());

    assertThat(labels.get("type").asString())
        .isEqualTo(ClusterDocumentField.MappingType.FLATTENED.wireName());
    assertThat(mappings().has("dynamic_templates")).isFalse();
  }

  @Test
  void theIndexIsSortedByFieldsOfTheVocabulary() throws Exception {
    JsonNode settings;
    try (InputStream in = SearchIndex.class.getResourceAsStream(SearchIndex.MAPPING_RESOURCE)) {
      settings = JSON.readTree(in).get("settings");
    }
    assertThat(settings.get("index.sort.field").valueStream().map(JsonNode::asString).toList())
        .containsExactly(
            ClusterDocumentField.CREATED_ON.path(), ClusterDocumentField.CLUSTER_ID.path());
  }

  @Test
  void clientsFilterAndSortByTheNamesTheyAlwaysHave() {
    assertThat(ClusterDocumentField.filterNames())
        .containsExactly(
            "cloud_env",
            "cluster_id",
            "is_job_cluster",
            "labels",
            "name",
            "runtime",
            "status",
            "tags",
            "user");
    assertThat(ClusterDocumentField.byFilterName("status"))
        .contains(ClusterDocumentField.UI_STATUS);
    assertThat(ClusterDocumentField.byFilterName("labels"))
        .contains(ClusterDocumentField.LABELS_FLAT);
    assertThat(ClusterDocumentField.byFilterName("spec")).isEmpty();

    assertThat(ClusterDocumentField.sortKeys())
        .containsExactly(
            "cloud_env",
            "created_on",
            "last_updated_on",
            "last_used_on",
            "name",
            "runtime",
            "status",
            "user");
    // Sorting by status orders by the backend status, as it always has.
    assertThat(ClusterDocumentField.bySortKey("status")).contains(ClusterDocumentField.STATUS);
    assertThat(ClusterDocumentField.bySortKey("ui_status")).isEmpty();
  }

  @Test
  void aHitCarriesTheFieldsBothRowShapesShow() {
    assertThat(ClusterSearchService.HIT_FIELDS)
        .containsExactlyInAnyOrder(
            "cluster_id",
            "name",
            "ui_status",
            "runtime",
            "tags",
            "labels",
            "total_cores",
            "total_memory",
            "estimated_cost",
            "user",
            "created_on",
            "last_used_on",
            "cloud_env",
            "active_pods");
  }
}
