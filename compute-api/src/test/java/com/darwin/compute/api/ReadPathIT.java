package com.darwin.compute.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.darwin.compute.core.cluster.ClusterService;
import com.darwin.compute.core.cluster.ClusterView;
import com.darwin.compute.core.domain.ClusterNotFoundException;
import com.darwin.compute.core.read.ClusterReads;
import com.darwin.compute.core.store.ClusterEntity;
import com.darwin.compute.core.store.SqlStatementCounter;
import com.darwin.compute.model.access.AccessLevel;
import com.darwin.compute.model.access.ClusterPermission;
import com.darwin.compute.model.access.PrincipalKind;
import com.darwin.compute.model.cluster.ClusterMetadata;
import com.darwin.compute.model.cluster.ClusterStatus;
import com.zaxxer.hikari.HikariDataSource;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The read routes' cost (issue 21): one SQL statement each, with no transaction round trips around
 * it, and the same answer as the transactional reads they replaced.
 */
class ReadPathIT extends ApiIntegrationTest {

  @Autowired ClusterReads reads;
  @Autowired ClusterService clusters;
  @Autowired DataSource dataSource;

  /** A read with its statements and transaction control calls counted on this thread. */
  private record Counted<T>(T value, int statements, int transactionControls) {}

  private static <T> Counted<T> counted(Supplier<T> read) {
    SqlStatementCounter.start();
    try {
      T value = read.get();
      int controls = SqlStatementCounter.transactionControls();
      return new Counted<>(value, SqlStatementCounter.stop(), controls);
    } finally {
      SqlStatementCounter.stop();
    }
  }

  /**
   * Connector/J is told to make no OpenTelemetry span and scope around each statement
   * (application.yml): they were no-ops, GlobalOpenTelemetry being unset, that still cost CPU.
   */
  @Test
  void theDriverIsToldToMakeNoSpans() throws Exception {
    HikariDataSource pool = dataSource.unwrap(HikariDataSource.class);
    assertThat(pool.getDataSourceProperties().getProperty("openTelemetry")).isEqualTo("DISABLED");
  }

  @Test
  void theFullViewIsOneStatementWithItsSharesAndNoTransaction() {
    String id = create(ClusterRequests.quickStart(unique("read")));
    share(id, "user", "zed@example.com", "can_attach");
    share(id, "group", "data-platform", "can_manage");
    share(id, "user", "bob@example.com", "can_restart");
    share(id, "user", "Zed@example.com", "can_attach");

    Counted<ClusterReads.Details> details = counted(() -> reads.details(id));

    assertThat(details.statements()).isEqualTo(1);
    assertThat(details.transactionControls()).isZero();
    ClusterView transactional = clusters.view(id);
    assertThat(details.value().view().spec()).isEqualTo(transactional.spec());
    assertThat(details.value().view().cluster().getClusterId()).isEqualTo(id);
    assertThat(details.value().view().cluster().getStatus())
        .isEqualTo(transactional.cluster().getStatus());
    assertThat(details.value().view().cluster().getSpecVersion())
        .isEqualTo(transactional.cluster().getSpecVersion());
    // Users before groups, then by principal (binary: upper case first): the order of GET
    // /cluster/{id}/permissions, which MariaDB sorts.
    assertThat(details.value().access().owner()).isEqualTo("user@example.com");
    assertThat(details.value().access().permissions())
        .containsExactly(
            new ClusterPermission(PrincipalKind.USER, "Zed@example.com", AccessLevel.CAN_ATTACH),
            new ClusterPermission(PrincipalKind.USER, "bob@example.com", AccessLevel.CAN_RESTART),
            new ClusterPermission(PrincipalKind.USER, "zed@example.com", AccessLevel.CAN_ATTACH),
            new ClusterPermission(PrincipalKind.GROUP, "data-platform", AccessLevel.CAN_MANAGE));
    assertThat(api.get("/cluster/" + id).data().get("access").toString())
        .isEqualTo(api.get("/cluster/" + id + "/permissions").data().toString());
  }

  @Test
  void aClusterSharedWithNobodyHasOneRowAndNoShares() {
    String id = create(ClusterRequests.quickStart(unique("read-alone")));

    ClusterReads.Details details = reads.details(id);

    assertThat(details.access().permissions()).isEmpty();
    assertThat(api.get("/cluster/" + id).data().get("access").get("permissions").size()).isZero();
  }

  @Test
  void theStatusRowIsOneStatementAndNoTransaction() {
    String id = create(ClusterRequests.quickStart(unique("read-row")));

    Counted<ClusterStatus> status = counted(() -> reads.cluster(id).getStatus());

    assertThat(status.statements()).isEqualTo(1);
    assertThat(status.transactionControls()).isZero();
    assertThat(status.value()).isEqualTo(clusters.get(id).getStatus());
  }

  /**
   * The read routes map rows with plain JDBC: every field, the spec included, is what Hibernate
   * loads for the same row, for a cluster that has run (run id, start times, cost filled in).
   */
  private static final String[] LEASE = {"leaseOwner", "leaseUntil"};

  @Test
  void theJdbcRowIsTheEntityHibernateLoads() {
    String id = create(ClusterRequests.quickStart(unique("read-jdbc")));
    awaitStatus(id, "active");

    ClusterEntity loaded = clusters.get(id);

    assertThat(loaded.getActiveRunId()).isNotNull();
    // But the reconciler's lease, mapped only for the resync's query (no getter reads it).
    assertThat(reads.cluster(id))
        .usingRecursiveComparison()
        .ignoringFields(LEASE)
        .isEqualTo(loaded);
    assertThat(reads.details(id).view().cluster())
        .usingRecursiveComparison()
        .ignoringFields(LEASE)
        .isEqualTo(loaded);
  }

  @Test
  void theStatusRowShowsTheStoredColumns() {
    String id = create(ClusterRequests.quickStart(unique("read-meta")));
    awaitStatus(id, "active");

    Counted<ClusterMetadata> read = counted(() -> reads.metadata(id));
    ClusterEntity c = clusters.get(id);

    assertThat(read.statements()).isEqualTo(1);
    assertThat(read.transactionControls()).isZero();
    assertThat(read.value())
        .isEqualTo(
            new ClusterMetadata(
                c.getClusterId(),
                c.getClusterId() + "-v" + c.getSpecVersion(),
                c.getStatus(),
                c.getActivePods(),
                c.getAvailableMemory(),
                c.getActiveRunId(),
                c.getName(),
                c.getUpdatedAt(),
                c.getLastUsedAt(),
                c.getStatus().uiStatus(),
                c.getDesiredState().name(),
                c.getStatusMessage(),
                c.getOwner(),
                c.getCloudEnv(),
                c.getCreatedAt(),
                c.getStatusChangedAt()));
    assertThat(api.get("/cluster/" + id + "/metadata").data().get("desired_state").asString())
        .isEqualTo("RUNNING");
  }

  @Test
  void anUnknownClusterIsNotFoundOnEveryReadRoute() {
    assertThatThrownBy(() -> reads.details("id-nosuchcluster00"))
        .isInstanceOf(ClusterNotFoundException.class);
    assertThatThrownBy(() -> reads.cluster("id-nosuchcluster00"))
        .isInstanceOf(ClusterNotFoundException.class);
    assertThatThrownBy(() -> reads.metadata("id-nosuchcluster00"))
        .isInstanceOf(ClusterNotFoundException.class);
    for (String route : new String[] {"", "/metadata", "/dashboards"}) {
      Api.Response answer = api.get("/cluster/id-nosuchcluster00" + route);
      assertThat(answer.status()).as(route).isEqualTo(404);
      assertThat(answer.body().get("status").asString()).isEqualTo("ERROR");
    }
  }

  @Test
  void aReadThatFitsTheBufferLeavesWithItsLengthAndALargeAnswerIsWhole() {
    // Not started: its status would change between the two reads compared below.
    String id = create(ClusterRequests.stoppedQuickStart(unique("read-length")));
    for (String route : new String[] {"", "/metadata"}) {
      RawHttp.Response raw =
          RawHttp.send(
              port, "GET", "/cluster/" + id + route, "msd-user: " + Api.USER + "\r\n", null);
      assertThat(raw.status()).as(route).isEqualTo(200);
      String head = raw.headers().toLowerCase(java.util.Locale.ROOT);
      assertThat(head).as(route).doesNotContain("transfer-encoding");
      assertThat(head)
          .as(route)
          .contains(
              "content-length: "
                  + raw.body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
      assertThat(head).contains("x-request-id: ").contains("content-type: application/json");
      // The same bytes as any client reads.
      assertThat(raw.body()).isEqualTo(api.get("/cluster/" + id + route).raw());
    }
    // Larger than Tomcat's buffer: written out as it is produced, whole.
    RawHttp.Response docs = RawHttp.send(port, "GET", "/v3/api-docs", "", null);
    assertThat(docs.status()).isEqualTo(200);
    assertThat(docs.body().length()).isGreaterThan(8_192);
    assertThat(docs.body()).startsWith("{").endsWith("}");
    assertThat(docs.body()).isEqualTo(api.get("/v3/api-docs").raw());
  }

  /** The transactional way, as the owner, as before issue 21. */
  private void share(String id, String kind, String principal, String level) {
    Api.Response shared =
        api.put(
            "/cluster/" + id + "/permissions",
            "{\"kind\": \"%s\", \"principal\": \"%s\", \"level\": \"%s\"}"
                .formatted(kind, principal, level),
            Api.USER);
    assertThat(shared.status()).as(shared.raw()).isEqualTo(200);
  }
}
