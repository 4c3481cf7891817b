package com.darwin.compute.core.search;

import java.time.Instant;

/**
 * What the {@link SearchIndexAudit} compares between a cluster's row and its search document: the
 * fields that every change written through the outbox moves (a status, a pod count, an edit's
 * {@code updated_at}), which Elasticsearch keeps as doc values (read without {@code _source}).
 *
 * <p>Not the last use: keep-alives and the sweep's marks re-index a cluster only once per {@code
 * compute.search.last-used-precision} ({@code cluster.LastUseWriter}), so a running cluster's
 * document lags its row there by design, and every such cluster would be found stale.
 *
 * @param status the wire name, as the row's column and the document's keyword both hold it
 * @param lastUpdatedOn in epoch milliseconds, the precision of both the {@code TIMESTAMP(3)} column
 *     and Elasticsearch's dates
 */
record IndexedFields(String status, int activePods, Long lastUpdatedOn) {

  static Long millis(Instant instant) {
    return instant == null ? null : instant.toEpochMilli();
  }
}
