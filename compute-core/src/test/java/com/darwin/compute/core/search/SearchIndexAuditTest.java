package com.darwin.compute.core.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.ErrorResponse;
import com.darwin.compute.core.store.TimelineRows;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.ConnectException;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The audit's edges without a server (the comparison itself is SearchIndexAuditIT's, against the
 * real ones): an index that does not exist yet is not audited, and an Elasticsearch that is down
 * costs a log line, never a failed job.
 */
class SearchIndexAuditTest {

  private final JdbcTemplate jdbc = mock(JdbcTemplate.class);
  private final SearchIndex index = mock(SearchIndex.class);
  private final TimelineRows outbox = mock(TimelineRows.class);
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

  @SuppressWarnings("unchecked")
  private SearchIndexAudit audit() {
    ObjectProvider<MeterRegistry> meters = mock(ObjectProvider.class);
    when(meters.getIfAvailable(any())).thenReturn(this.meters);
    return new SearchIndexAudit(
        jdbc,
        index,
        new OutboxQueue(outbox, index, mock(PlatformTransactionManager.class), Clock.systemUTC()),
        TestingSearchProperties.of("http://localhost:9200", 500, 10, Duration.ofSeconds(1)),
        meters);
  }

  @Test
  void anIndexNotCreatedYetIsLeftToTheUseThatCreatesAndRefillsIt() throws IOException {
    when(index.documentsAfter(anyString(), anyInt()))
        .thenThrow(
            new ElasticsearchException(
                "search",
                ErrorResponse.of(
                    r ->
                        r.status(404)
                            .error(
                                e ->
                                    e.type("index_not_found_exception")
                                        .reason("no such index [clusters-test]")))));

    SearchIndexAudit.Report report = audit().run(100);

    assertThat(report.audited()).isFalse();
    assertThat(report.queued())
        .containsOnlyKeys(IndexDrift.values())
        .allSatisfy((k, v) -> assertThat(v).isEmpty());
    assertThat(report.queuedCount()).isZero();
    verify(index).missing();
    verifyNoInteractions(outbox);
  }

  @Test
  void anElasticsearchThatIsDownSkipsTheRun() throws IOException {
    when(index.documentsAfter(anyString(), anyInt()))
        .thenThrow(new ConnectException("Connection refused"));

    assertThatCode(audit()::audit).doesNotThrowAnyException();
    verifyNoInteractions(outbox);
    assertThat(meters.get(SearchIndexAudit.TIMER).tag("outcome", "failed").timer().count())
        .isEqualTo(1);
    assertThat(meters.get(SearchIndexAudit.TIMER).tag("outcome", "done").timer().count()).isZero();
  }
}
