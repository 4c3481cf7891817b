package com.darwin.compute.bench.harness;

import com.darwin.compute.bench.harness.fixtures.ClusterBodies;
import com.darwin.compute.bench.harness.fixtures.ClusterRows;
import com.darwin.compute.bench.harness.kube.KubernetesRequestLog;
import com.darwin.compute.core.cluster.ClusterIds;
import com.darwin.compute.sandbox.Sandbox;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;

/** What every benchmark may use: the running service, its sandbox, and the shared fixtures. */
public final class BenchContext {

  private final HarnessSettings settings;
  private final ServiceUnderTest service;
  private final KubernetesRequestLog kubernetesRequests;
  private final ClusterRows rows;
  private final ElasticsearchHttp elasticsearch;

  BenchContext(
      HarnessSettings settings,
      ServiceUnderTest service,
      KubernetesRequestLog kubernetesRequests,
      ClusterRows rows) {
    this.settings = settings;
    this.service = service;
    this.kubernetesRequests = kubernetesRequests;
    this.rows = rows;
    this.elasticsearch = new ElasticsearchHttp(service.sandbox().elasticsearch().url());
  }

  static BenchContext create(
      HarnessSettings settings, ServiceUnderTest service, KubernetesRequestLog requests)
      throws Exception {
    ClusterRows rows =
        ClusterRows.fromTemplate(
            service.api(),
            service.dataSource(),
            service.bean(ClusterIds.class),
            ClusterBodies.quickStart("bench-template", false));
    return new BenchContext(settings, service, requests, rows);
  }

  public HarnessSettings settings() {
    return settings;
  }

  public ServiceUnderTest service() {
    return service;
  }

  public ServiceApi api() {
    return service.api();
  }

  public DataSource dataSource() {
    return service.dataSource();
  }

  public Sandbox sandbox() {
    return service.sandbox();
  }

  public KubernetesRequestLog kubernetesRequests() {
    return kubernetesRequests;
  }

  public ClusterRows rows() {
    return rows;
  }

  public ElasticsearchHttp elasticsearch() {
    return elasticsearch;
  }

  /** A single number from MySQL, e.g. a count. */
  public long queryLong(String sql, Object... parameters) throws SQLException {
    try (Connection connection = dataSource().getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setObject(i + 1, parameters[i]);
      }
      try (ResultSet result = statement.executeQuery()) {
        result.next();
        return result.getLong(1);
      }
    }
  }

  /** MariaDB's global statement counters ({@code Questions}, {@code Com_select}, ...). */
  public Map<String, Long> statementCounters() throws SQLException {
    Map<String, Long> counters = new LinkedHashMap<>();
    try (Connection connection = dataSource().getConnection();
        PreparedStatement statement =
            connection.prepareStatement(
                "SHOW GLOBAL STATUS WHERE Variable_name IN ('Questions', 'Com_select',"
                    + " 'Com_insert', 'Com_update', 'Com_delete', 'Com_commit',"
                    + " 'Com_set_option')");
        ResultSet result = statement.executeQuery()) {
      while (result.next()) {
        counters.put(result.getString(1), result.getLong(2));
      }
    }
    return counters;
  }

  /** Waits until the search outbox is empty: what the service changed is in Elasticsearch. */
  public void awaitSearchOutboxDrained(long timeoutMillis) throws Exception {
    long deadline = System.currentTimeMillis() + timeoutMillis;
    while (queryLong("SELECT COUNT(*) FROM search_outbox") > 0) {
      if (System.currentTimeMillis() > deadline) {
        throw new IllegalStateException(
            "the search outbox did not drain within " + timeoutMillis + " ms");
      }
      Thread.sleep(100);
    }
  }
}
