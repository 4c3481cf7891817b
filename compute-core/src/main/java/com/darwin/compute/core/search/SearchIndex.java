package com.darwin.compute.core.search;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.query_dsl.FieldAndFormat;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.elasticsearch.core.bulk.OperationType;
import co.elastic.clients.elasticsearch.core.search.Hit;
import co.elastic.clients.elasticsearch.indices.IndexSettings;
import co.elastic.clients.elasticsearch.indices.IndexState;
import co.elastic.clients.json.JsonData;
import com.darwin.compute.core.config.SearchProperties;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * The cluster index: created from {@code search/cluster-index.json} on first use, written in bulk
 * by the outbox indexer.
 */
@Component
public class SearchIndex {

  public static final String MAPPING_RESOURCE = "/search/cluster-index.json";
  private static final Logger log = LoggerFactory.getLogger(SearchIndex.class);
  private static final String EPOCH_MILLIS = "epoch_millis";

  /** {@link IndexedFields}' fields, dates as epoch milliseconds. */
  private static final List<FieldAndFormat> AUDITED_DOC_VALUES =
      List.of(
          FieldAndFormat.of(f -> f.field(ClusterDocumentField.STATUS.path())),
          FieldAndFormat.of(f -> f.field(ClusterDocumentField.ACTIVE_PODS.path())),
          FieldAndFormat.of(
              f -> f.field(ClusterDocumentField.LAST_UPDATED_ON.path()).format(EPOCH_MILLIS)));

  private final ElasticsearchClient client;
  private final String index;
  private volatile boolean ensured;

  private final ApplicationEventPublisher events;

  public SearchIndex(
      ElasticsearchClient client, SearchProperties properties, ApplicationEventPublisher events) {
    this.client = client;
    this.index = properties.index();
    this.events = events;
  }

  public String name() {
    return index;
  }

  /**
   * Why Elasticsearch cannot be used now, or empty when it answers (health); never throws. Asks for
   * the index, as every search does.
   */
  public Optional<String> unavailability() {
    try {
      if (!client.indices().exists(e -> e.index(index)).value()) {
        ensured = false; // deleted behind our back: the next use creates it again
      }
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
      ensured = false; // a server that comes back empty gets its mapping again
      return Optional.of(e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }

  /**
   * The index was found missing (a search answered 404): the next use creates it again, with its
   * mapping, and refills it from MySQL.
   */
  public void missing() {
    ensured = false;
  }

  /**
   * Creates the index if it does not exist yet, and queues its backfill before returning. Throws
   * when Elasticsearch is unreachable. Not one caller at a time: a search must never wait on
   * another caller's exchange with a hung Elasticsearch. So another thread of this replica may find
   * the index that one has just created, before its backfill is queued ({@link SearchIndexFill}
   * allows for that).
   *
   * @return whether this call created it
   */
  public boolean ensureExists() throws IOException {
    if (ensured) {
      return false;
    }
    boolean created = false;
    if (!client.indices().exists(e -> e.index(index)).value()) {
      try (InputStream mapping = SearchIndex.class.getResourceAsStream(MAPPING_RESOURCE)) {
        client.indices().create(c -> c.index(index).withJson(mapping));
        created = true;
        log.info("Created Elasticsearch index {}", index);
        // A new index (a new mapping's name, or a server that lost its data) starts empty.
        events.publishEvent(new SearchIndexCreated(index));
      } catch (ElasticsearchException e) {
        if (!"resource_already_exists_exception".equals(e.error().type())) {
          throw e;
        }
      }
    }
    ensured = true;
    return created;
  }

  /** When Elasticsearch created the index (its own clock), if it says. */
  public Optional<Instant> createdAt() throws IOException {
    IndexState state = client.indices().get(g -> g.index(index)).result().get(index);
    IndexSettings settings = state == null ? null : state.settings();
    if (settings == null) {
      return Optional.empty();
    }
    // Answered nested under "index", as Elasticsearch writes it, or flat.
    Long millis =
        settings.creationDate() != null
            ? settings.creationDate()
            : settings.index() == null ? null : settings.index().creationDate();
    return Optional.ofNullable(millis).map(Instant::ofEpochMilli);
  }

  /**
   * Indexes the given documents and deletes the given ids in one bulk request.
   *
   * @return the cluster ids whose operation failed, with the reason
   */
  public Map<String, String> write(Map<String, ClusterDocument> documents, List<String> deletes)
      throws IOException {
    // An index deleted behind our back (an operator, a lifecycle policy, a server restored
    // empty) would be created again by the bulk itself, with a dynamic mapping that every search
    // then fails on, and hold only what was written since. One HEAD per batch finds it missing,
    // so it is created with its mapping and refilled instead.
    if (ensured && !client.indices().exists(e -> e.index(index)).value()) {
      log.warn("Elasticsearch index {} is gone; creating it again and refilling it", index);
      ensured = false;
    }
    ensureExists();
    List<BulkOperation> operations = new ArrayList<>();
    documents.forEach(
        (id, doc) -> operations.add(BulkOperation.of(b -> b.index(i -> i.id(id).document(doc)))));
    deletes.forEach(id -> operations.add(BulkOperation.of(b -> b.delete(d -> d.id(id)))));
    if (operations.isEmpty()) {
      return Map.of();
    }
    BulkResponse response = client.bulk(b -> b.index(index).operations(operations));
    Map<String, String> failed = new HashMap<>();
    if (response.errors()) {
      for (BulkResponseItem item : response.items()) {
        // A delete of a document that is not there is done; an index operation answered 404 (its
        // index deleted since the HEAD above) is not.
        boolean missingOnDelete =
            item.status() == 404 && item.operationType() == OperationType.Delete;
        if (item.error() != null && !missingOnDelete) {
          // Never null: the caller takes a missing reason for success (Elasticsearch leaves it
          // out when its exception has no message).
          String reason = item.error().reason();
          failed.put(
              item.id(),
              reason == null ? item.error().type() + " (HTTP " + item.status() + ")" : reason);
        }
      }
    }
    return failed;
  }

  /**
   * The audited fields of these clusters' documents, for those that have one: one search, read from
   * doc values (no {@code _source}), hits not counted. Throws when Elasticsearch fails, or the
   * index does not exist.
   */
  Map<String, IndexedFields> indexedFields(List<String> clusterIds) throws IOException {
    if (clusterIds.isEmpty()) {
      return Map.of();
    }
    List<FieldValue> ids = clusterIds.stream().map(FieldValue::of).toList();
    SearchResponse<Void> response =
        client.search(
            s ->
                s.index(index)
                    .size(clusterIds.size())
                    .source(source -> source.fetch(false))
                    .trackTotalHits(t -> t.enabled(false))
                    .query(
                        q ->
                            q.terms(
                                t ->
                                    t.field(ClusterDocumentField.CLUSTER_ID.path())
                                        .terms(v -> v.value(ids))))
                    .docvalueFields(AUDITED_DOC_VALUES),
            Void.class);
    Map<String, IndexedFields> found = new HashMap<>();
    for (Hit<Void> hit : response.hits().hits()) {
      Map<String, JsonData> fields = hit.fields();
      String pods = first(fields, ClusterDocumentField.ACTIVE_PODS);
      String updated = first(fields, ClusterDocumentField.LAST_UPDATED_ON);
      found.put(
          hit.id(),
          new IndexedFields(
              first(fields, ClusterDocumentField.STATUS),
              pods == null ? 0 : Integer.parseInt(pods),
              updated == null ? null : Long.valueOf(updated)));
    }
    return found;
  }

  /**
   * A page of the walk over the index: the documents' ids, and the {@code cluster_id} the next page
   * starts after.
   */
  record DocumentPage(List<String> ids, String last) {}

  /**
   * Up to {@code size} documents whose {@code cluster_id} sorts after {@code after} (empty: from
   * the first), in that order: a walk over the whole index, one search per page. Documents without
   * a {@code cluster_id} (none the indexer writes) are not walked: they have nothing to page on.
   */
  DocumentPage documentsAfter(String after, int size) throws IOException {
    String id = ClusterDocumentField.CLUSTER_ID.path();
    SearchResponse<Void> response =
        client.search(
            s -> {
              s.index(index)
                  .size(size)
                  .source(source -> source.fetch(false))
                  .trackTotalHits(t -> t.enabled(false))
                  .query(q -> q.exists(e -> e.field(id)))
                  .sort(o -> o.field(f -> f.field(id).order(SortOrder.Asc)));
              if (!after.isEmpty()) {
                s.searchAfter(FieldValue.of(after));
              }
              return s;
            },
            Void.class);
    List<Hit<Void>> hits = response.hits().hits();
    // The page's last sort value, not its _id: the two differ only for a hand-made document, and
    // paging on the _id would then skip or repeat pages.
    String last = hits.isEmpty() ? after : hits.get(hits.size() - 1).sort().get(0).stringValue();
    return new DocumentPage(hits.stream().map(Hit::id).toList(), last);
  }

  /** A doc value field's first value as text (a number or date as its digits), or null. */
  private static String first(Map<String, JsonData> fields, ClusterDocumentField field) {
    JsonData values = fields.get(field.path());
    if (values == null) {
      return null;
    }
    Object[] all = values.to(Object[].class);
    return all.length == 0 || all[0] == null ? null : all[0].toString();
  }

  /** Forces a refresh so what was written is searchable now (tests and rebuilds). */
  public void refresh() {
    try {
      client.indices().refresh(r -> r.index(index));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  ElasticsearchClient client() {
    return client;
  }
}
