package com.darwin.compute.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

/**
 * Per-user caps hold against concurrent requests: each request checked the owner's running clusters
 * before its own transaction, so several creates or starts sent at once all passed a cap only one
 * fitted under.
 */
@OwnContext
@TestPropertySource(properties = "compute.access.limits.max-running-clusters=1")
class RunningCapsIT extends ApiIntegrationTest {

  private static final int AT_ONCE = 4;

  @Autowired JdbcTemplate jdbc;

  private int running(String owner) {
    return jdbc.queryForObject(
        "SELECT COUNT(*) FROM clusters WHERE owner = ? AND desired_state = 'RUNNING'",
        Integer.class,
        owner);
  }

  private static String as(String owner, String body) {
    return body.replace("\"user\": \"user@example.com\"", "\"user\": \"" + owner + "\"");
  }

  private static String identity(String owner) {
    return "{\"email\": \"" + owner + "\"}";
  }

  /** What a request over the cap answers: the cap's 403, not a lost race. */
  private static final class CapsAnswers {
    static void overTheCap(Api.Response answer) {
      assertThat(answer.status()).as(answer.raw()).isEqualTo(403);
      assertThat(answer.data().get("code").asString()).isEqualTo("LIMIT_EXCEEDED");
    }
  }

  @Test
  void createsSentAtOnceStartOnlyAsManyAsTheCapAllows() throws Exception {
    String owner = "capped-" + Long.toString(System.nanoTime(), 36) + "@example.com";
    AtomicInteger n = new AtomicInteger();
    List<Api.Response> answers =
        Concurrently.call(
            AT_ONCE,
            () ->
                api.post(
                    "/cluster",
                    as(owner, ClusterRequests.quickStart(unique("capped-" + n.incrementAndGet()))),
                    identity(owner)));
    assertThat(answers.stream().filter(a -> a.status() == 200)).as(answers.toString()).hasSize(1);
    assertThat(answers.stream().filter(a -> a.status() != 200)).allSatisfy(CapsAnswers::overTheCap);
    assertThat(running(owner)).isEqualTo(1);
    // The refused creates left nothing: the one cluster of the owner is the one created.
    assertThat(
            jdbc.queryForObject(
                "SELECT COUNT(*) FROM clusters WHERE owner = ?", Integer.class, owner))
        .isEqualTo(1);
  }

  @Test
  void startsSentAtOnceStartOnlyAsManyAsTheCapAllows() throws Exception {
    String owner = "capped-start-" + Long.toString(System.nanoTime(), 36) + "@example.com";
    List<String> ids = new java.util.ArrayList<>();
    for (int i = 0; i < AT_ONCE; i++) {
      ids.add(created(owner, ClusterRequests.stoppedQuickStart(unique("capped-start-" + i))));
    }
    AtomicInteger next = new AtomicInteger();
    List<Api.Response> answers =
        Concurrently.call(
            AT_ONCE,
            () ->
                api.post(
                    "/cluster/start-cluster/" + ids.get(next.getAndIncrement()),
                    null,
                    identity(owner)));
    assertThat(answers.stream().filter(a -> a.status() / 100 == 2))
        .as(answers.toString())
        .hasSize(1);
    assertThat(answers.stream().filter(a -> a.status() / 100 != 2))
        .allSatisfy(CapsAnswers::overTheCap);
    assertThat(running(owner)).isEqualTo(1);
    // A refused start left no start on its cluster's timeline.
    assertThat(
            jdbc.queryForObject(
                "SELECT COUNT(*) FROM cluster_actions a JOIN clusters c"
                    + " ON c.cluster_id = a.cluster_id WHERE c.owner = ? AND a.action = 'Started'",
                Integer.class,
                owner))
        .isEqualTo(1);
  }

  @Test
  void aRunningClusterGivenAwayCountsAgainstTheNewOwnersCap() throws Exception {
    String from = "capped-from-" + Long.toString(System.nanoTime(), 36) + "@example.com";
    String to = "capped-to-" + Long.toString(System.nanoTime(), 36) + "@example.com";
    String admin = Api.as("admin@example.com");
    String given = created(from, ClusterRequests.quickStart(unique("capped-given")));
    String theirs = created(to, ClusterRequests.quickStart(unique("capped-theirs")));
    String body = "{\"cluster_user\": \"" + to + "\"}";

    CapsAnswers.overTheCap(api.put("/cluster/user/" + given, body, admin));
    assertThat(owner(given)).isEqualTo(from);
    assertThat(running(to)).isEqualTo(1);

    // A stopped cluster is no running one: it is given, and its start is what the cap checks.
    String stopped = created(from, ClusterRequests.stoppedQuickStart(unique("capped-stopped")));
    assertThat(api.put("/cluster/user/" + stopped, body, admin).status()).isEqualTo(200);
    assertThat(owner(stopped)).isEqualTo(to);

    // Once the new owner runs nothing, the running cluster is theirs to take.
    assertThat(api.post("/cluster/stop-cluster/" + theirs, null, identity(to)).status() / 100)
        .isEqualTo(2);
    assertThat(api.put("/cluster/user/" + given, body, admin).status()).isEqualTo(200);
    assertThat(owner(given)).isEqualTo(to);
    assertThat(running(to)).isEqualTo(1);
  }

  @Test
  void aHandoverAndACreateSentAtOnceFitTheNewOwnersCapTogether() throws Exception {
    String from = "capped-hand-" + Long.toString(System.nanoTime(), 36) + "@example.com";
    String to = "capped-new-" + Long.toString(System.nanoTime(), 36) + "@example.com";
    String given = created(from, ClusterRequests.quickStart(unique("capped-hand")));
    // Settled first: the reconciler's writes of a cluster still starting can win the handover's
    // every retry (a 409 that is neither answer this test is about).
    awaitStatus(given, "active");
    String body = "{\"cluster_user\": \"" + to + "\"}";
    AtomicInteger n = new AtomicInteger();
    List<Api.Response> answers =
        Concurrently.call(
            2,
            () ->
                n.getAndIncrement() == 0
                    ? api.put("/cluster/user/" + given, body, Api.as("admin@example.com"))
                    : api.post(
                        "/cluster",
                        as(to, ClusterRequests.quickStart(unique("capped-new"))),
                        identity(to)));
    assertThat(answers.stream().filter(a -> a.status() == 200)).as(answers.toString()).hasSize(1);
    assertThat(answers.stream().filter(a -> a.status() != 200)).allSatisfy(CapsAnswers::overTheCap);
    assertThat(running(to)).isEqualTo(1);
  }

  private String created(String owner, String body) throws Exception {
    Api.Response created = api.post("/cluster", as(owner, body), identity(owner));
    assertThat(created.status()).as(created.raw()).isEqualTo(200);
    return created.data().get("cluster_id").asString();
  }

  private String owner(String clusterId) {
    return jdbc.queryForObject(
        "SELECT owner FROM clusters WHERE cluster_id = ?", String.class, clusterId);
  }
}
