package com.darwin.compute.core.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ErrorCause;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.elasticsearch.core.bulk.OperationType;
import co.elastic.clients.elasticsearch.indices.ElasticsearchIndicesClient;
import co.elastic.clients.transport.endpoints.BooleanResponse;
import co.elastic.clients.util.ObjectBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.springframework.context.ApplicationEventPublisher;

/** Which items of a bulk write count as failed, and so stay on the outbox. */
class SearchIndexWriteTest {

  private static BulkResponseItem item(
      OperationType type, String id, int status, String errorType, String reason) {
    return BulkResponseItem.of(
        i ->
            i.operationType(type)
                .id(id)
                .index("clusters")
                .status(status)
                .error(
                    errorType == null
                        ? null
                        : ErrorCause.of(e -> e.type(errorType).reason(reason))));
  }

  private static ClusterDocument doc(String id) {
    return new ClusterDocument(
        id,
        "n-" + id,
        null,
        null,
        null,
        "u@example.com",
        null,
        null,
        "0.0",
        "sandbox",
        false,
        30,
        0,
        0,
        0,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  @Test
  @SuppressWarnings("unchecked")
  void onlyADeleteOfAMissingDocumentIsDoneDespiteItsError() throws Exception {
    ElasticsearchClient client = mock(ElasticsearchClient.class);
    ElasticsearchIndicesClient indices = mock(ElasticsearchIndicesClient.class);
    when(client.indices()).thenReturn(indices);
    when(indices.exists(any(Function.class))).thenReturn(new BooleanResponse(true));
    when(client.bulk(
            (Function<BulkRequest.Builder, ObjectBuilder<BulkRequest>>) any(Function.class)))
        .thenReturn(
            BulkResponse.of(
                b ->
                    b.errors(true)
                        .took(1)
                        .items(
                            // The index deleted between the HEAD and the bulk.
                            item(
                                OperationType.Index,
                                "a",
                                404,
                                "index_not_found_exception",
                                "no such index [clusters]"),
                            // An error Elasticsearch gave no message.
                            item(OperationType.Index, "b", 500, "illegal_state_exception", null),
                            item(OperationType.Delete, "c", 404, null, null),
                            item(
                                OperationType.Delete,
                                "d",
                                404,
                                "document_missing_exception",
                                "gone"))));
    SearchIndex index =
        new SearchIndex(
            client,
            TestingSearchProperties.of("http://127.0.0.1:9", 500, 10, Duration.ofSeconds(1)),
            mock(ApplicationEventPublisher.class));
    index.ensureExists();

    Map<String, String> failed =
        index.write(Map.of("a", doc("a"), "b", doc("b")), List.of("c", "d"));

    assertThat(failed).containsOnlyKeys("a", "b");
    assertThat(failed.get("a")).contains("no such index");
    assertThat(failed.get("b")).contains("illegal_state_exception");
  }
}
