package com.darwin.compute.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.darwin.compute.core.access.Caller;
import com.darwin.compute.core.access.ClusterAccessService;
import com.darwin.compute.core.access.SharedSecrets;
import com.darwin.compute.core.cluster.ClusterService;
import com.darwin.compute.core.domain.Actor;
import com.darwin.compute.core.store.ClusterEntity;
import com.darwin.compute.model.access.AccessLevel;
import com.darwin.compute.model.access.ClusterPermission;
import com.darwin.compute.model.access.PrincipalKind;
import com.darwin.compute.model.cluster.ClusterRequest;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Ownership and sharing in header mode (the test profile trusts loopback as the gateway), tried as
 * an attacker would: every refused change is a 403 in the envelope that says why, leaves the
 * cluster as it was, and is written on the cluster's timeline.
 */
class AccessControlIT extends ApiIntegrationTest {

  private static final String ALICE = Api.as("alice@example.com");
  private static final String BOB = Api.as("bob@example.com");
  private static final String CAROL = Api.as("carol@example.com"); // member of ml-team
  private static final String ADMIN = Api.as("admin@example.com");

  @Autowired MeterRegistry meters;
  @Autowired ClusterAccessService access;
  @Autowired ClusterService clusterService;
  @Autowired SharedSecrets sharedSecrets;
  @Autowired PlatformTransactionManager transactions;
  @Autowired JdbcTemplate jdbc;
  @Autowired DataSource dataSource;

  private String aliceCluster(boolean start) {
    String body =
        ClusterRequests.quickStart(unique("acl"))
            .replace("\"user@example.com\"", "\"alice@example.com\"")
            .replace("\"start_cluster\": true", "\"start_cluster\": " + start);
    Api.Response created = api.post("/cluster", body, ALICE);
    assertThat(created.status()).as(created.raw()).isEqualTo(200);
    return created.data().get("cluster_id").asString();
  }

  private String desiredState(String id) {
    return api.get("/cluster/" + id + "/metadata", ALICE).data().get("desired_state").asString();
  }

  private static void assertForbidden(Api.Response response, String... fragments) {
    assertThat(response.status()).as(response.raw()).isEqualTo(403);
    assertThat(response.body().get("status").asString()).isEqualTo("ERROR");
    assertThat(response.data().get("code").asString()).isEqualTo("FORBIDDEN");
    assertThat(response.message()).contains(fragments);
  }

  @Test
  void anotherUserCannotStopEditDeleteOrKeepAliveAndEachAttemptIsRecorded() {
    double refusedBefore = refusals();
    String id = aliceCluster(true);
    String edited =
        ClusterRequests.quickStart("bobs-now")
            .replace("\"user@example.com\"", "\"alice@example.com\"");

    assertForbidden(
        api.post("/cluster/stop-cluster/" + id, null, BOB),
        "may not stop cluster " + id,
        "belongs to alice@example.com");
    assertForbidden(api.put("/cluster/" + id, edited, BOB), "may not edit");
    assertForbidden(api.delete("/cluster/" + id, BOB), "may not delete");
    assertForbidden(api.post("/cluster/" + id + "/keep-alive", null, BOB), "may not keep alive");
    assertForbidden(api.post("/cluster/restart-cluster/" + id, null, BOB), "may not restart");
    assertForbidden(
        api.put(
            "/cluster/" + id + "/permissions",
            "{\"kind\": \"user\", \"principal\": \"bob@example.com\", \"level\": \"can_manage\"}",
            BOB),
        "may not change the sharing of");

    assertThat(desiredState(id)).isEqualTo("RUNNING");
    Api.Response details = api.get("/cluster/" + id, BOB);
    assertThat(details.status()).isEqualTo(200);
    assertThat(details.data().get("name").asString()).startsWith("acl-");
    assertThat(details.data().get("access").get("permissions").size()).isZero();
    String events = api.get("/cluster/" + id + "/events?page_size=100", ALICE).raw();
    assertThat(events)
        .contains("Refused: bob@example.com from 127.0.0.1 tried to stop it")
        .contains("tried to delete it")
        .contains("ACCESS_REFUSED");
    assertThat(refusals() - refusedBefore).isGreaterThanOrEqualTo(6);
  }

  /**
   * A refused request holds one pooled connection at a time (a route's check, a job's start, a
   * history server's): its refusal was written from inside the check's transaction, on a second
   * connection, so as many refusals at once as the pool had connections waited on each other until
   * the pool's timeout, and then answered 503 unrecorded.
   */
  @Test
  void aRefusalIsRecordedWithOneConnectionLeftInThePool() throws Exception {
    String id = aliceCluster(true);
    // Settled first, so the reconciler's passes on it do not take the one connection meanwhile.
    awaitStatus(id, "active");
    // A job asking to start a stopped cluster bob may only submit to.
    String stopped = aliceCluster(false);
    share(stopped, ALICE, "user", "bob@example.com", "can_attach");
    int poolSize = dataSource.unwrap(HikariDataSource.class).getMaximumPoolSize();
    List<Connection> held = new ArrayList<>();
    List<Api.Response> stops = new ArrayList<>();
    Api.Response jobStart;
    Api.Response historyServer;
    try {
      while (held.size() < poolSize - 1) {
        held.add(dataSource.getConnection());
      }
      for (int i = 0; i < 3; i++) {
        stops.add(api.post("/cluster/stop-cluster/" + id, null, BOB));
      }
      jobStart =
          api.post(
              "/cluster/" + stopped + "/jobs",
              "{\"entrypoint\": \"python3 -c 1\", \"start_cluster\": true}",
              BOB);
      historyServer = api.post("/spark-history-server", "{\"resource\": \"" + id + "\"}", BOB);
    } finally {
      for (Connection connection : held) {
        connection.close();
      }
    }
    assertThat(stops)
        .allSatisfy(a -> assertForbidden(a, "may not stop cluster " + id, "belongs to alice"));
    assertForbidden(jobStart, "may not start cluster " + stopped, "needs can_restart");
    assertForbidden(historyServer, "not shared with you");
    assertThat(
            jdbc.queryForObject(
                "SELECT COUNT(*) FROM cluster_actions WHERE cluster_id = ? AND action = ?",
                Integer.class,
                id,
                "Refused"))
        .isEqualTo(4);
    assertThat(
            jdbc.queryForObject(
                "SELECT COUNT(*) FROM cluster_actions WHERE cluster_id = ? AND action = ?",
                Integer.class,
                stopped,
                "Refused"))
        .isEqualTo(1);
  }

  @Test
  void sharingLevelsAllowWhatTheyNameAndNothingMore() {
    String id = aliceCluster(true);
    share(id, ALICE, "user", "bob@example.com", "can_attach");
    assertThat(api.post("/cluster/" + id + "/keep-alive", null, BOB).status()).isEqualTo(200);
    assertForbidden(
        api.post("/cluster/stop-cluster/" + id, null, BOB),
        "shared with you at can_attach",
        "needs can_restart");

    // Submitting a job is can_attach; asking it to start a stopped cluster is a start.
    String stopped = aliceCluster(false);
    share(stopped, ALICE, "user", "bob@example.com", "can_attach");
    assertForbidden(
        api.post(
            "/cluster/" + stopped + "/jobs",
            "{\"entrypoint\": \"python3 -c 1\", \"start_cluster\": true}",
            BOB),
        "shared with you at can_attach",
        "needs can_restart");
    assertThat(desiredState(stopped)).isEqualTo("STOPPED");
    assertThat(api.get("/cluster/" + stopped + "/jobs", ALICE).data()).isEmpty();

    share(id, ALICE, "user", "bob@example.com", "can_restart");
    assertForbidden(
        api.put(
            "/cluster/" + id,
            ClusterRequests.quickStart(unique("acl-edit"))
                .replace("\"user@example.com\"", "\"alice@example.com\""),
            BOB),
        "needs can_manage");
    assertThat(api.post("/cluster/stop-cluster/" + id, null, BOB).status()).isEqualTo(202);
    assertThat(desiredState(id)).isEqualTo("STOPPED");

    share(id, ALICE, "user", "bob@example.com", "can_manage");
    // What runs in alice's pods stays hers to choose: not an init script of bob's, nor an image
    // bob registered for himself.
    String bobsEdit =
        ClusterRequests.stoppedQuickStart(unique("acl-edit"))
            .replace("\"user@example.com\"", "\"alice@example.com\"");
    assertForbidden(
        api.put(
            "/cluster/" + id,
            bobsEdit.replace(
                "\"tags\": [\"demo\"],",
                "\"tags\": [\"demo\"], \"advance_config\": {\"init_script\": \"curl x | sh\"},"),
            BOB),
        "only its owner (alice@example.com) and admins may change it");
    String bobsRuntime = unique("BobRt");
    Api.Response registered =
        api.post(
            "/runtime/v2/create",
            "{\"runtime\": \""
                + bobsRuntime
                + "\", \"class\": \"CUSTOM\", \"image\": \"registry.example.com/bob/"
                + bobsRuntime.toLowerCase()
                + ":2.37.0\", \"user\": \"bob@example.com\"}",
            BOB);
    assertThat(registered.status()).as(registered.raw()).isEqualTo(200);
    assertForbidden(
        api.put(
            "/cluster/" + id,
            bobsEdit.replace("\"runtime\": \"0.0\"", "\"runtime\": \"" + bobsRuntime + "\""),
            BOB),
        "is a CUSTOM runtime of bob@example.com");
    assertThat(api.get("/cluster/" + id, ALICE).data().get("runtime").asString()).isEqualTo("0.0");
    Api.Response edit =
        api.put(
            "/cluster/" + id,
            ClusterRequests.stoppedQuickStart(unique("acl-edit"))
                .replace("\"user@example.com\"", "\"alice@example.com\""),
            BOB);
    assertThat(edit.status()).as(edit.raw()).isEqualTo(200);

    Api.Response access = api.get("/cluster/" + id + "/permissions", BOB);
    assertThat(access.data().get("owner").asString()).isEqualTo("alice@example.com");
    assertThat(access.data().get("permissions").get(0).get("level").asString())
        .isEqualTo("can_manage");
    assertThat(api.get("/cluster/" + id, ALICE).data().get("access").get("permissions").size())
        .isEqualTo(1);

    Api.Response removed =
        api.delete("/cluster/" + id + "/permissions/user/bob@example.com", ALICE);
    assertThat(removed.status()).as(removed.raw()).isEqualTo(200);
    assertForbidden(api.delete("/cluster/" + id, BOB), "not shared with you");
    assertThat(api.delete("/cluster/" + id + "/permissions/user/bob@example.com", ALICE).status())
        .isEqualTo(404);
  }

  @Test
  void theSameShareOrUnshareSentAtOnceIsAsIfSentOneAfterAnother() throws Exception {
    String id = aliceCluster(false);
    for (int round = 0; round < 3; round++) {
      String principal = "race-" + round + "@example.com";
      String share =
          "{\"kind\": \"user\", \"principal\": \"" + principal + "\", \"level\": \"can_attach\"}";
      // A share of a principal already shared is a level change: every one of them succeeds.
      for (Api.Response r :
          Concurrently.call(4, () -> api.put("/cluster/" + id + "/permissions", share, ALICE))) {
        assertThat(r.status()).as(r.raw()).isEqualTo(200);
      }
      JsonNode shares = api.get("/cluster/" + id + "/permissions", ALICE).data().get("permissions");
      assertThat(shares).hasSize(1);
      assertThat(shares.get(0).get("principal").asString()).isEqualTo(principal);
      Concurrently.assertOneRemovedAndTheRestFoundItGone(
          Concurrently.call(
              4, () -> api.delete("/cluster/" + id + "/permissions/user/" + principal, ALICE)));
      assertThat(api.get("/cluster/" + id + "/permissions", ALICE).data().get("permissions"))
          .isEmpty();
    }
  }

  @Test
  void aClustersJobsAreReadOnlyByThoseWhoMaySubmitThem() {
    String id = aliceCluster(true);
    Api.Response submitted =
        api.post(
            "/cluster/" + id + "/jobs",
            "{\"entrypoint\": \"python3 train.py\","
                + " \"runtime_env\": {\"env_vars\": {\"API_TOKEN\": \"tok-789\"}}}",
            ALICE);
    assertThat(submitted.status()).as(submitted.raw()).isIn(200, 202);
    String job = submitted.data().get("submission_id").asString();

    double refusedBefore = refusals();
    for (String path :
        List.of("", "/" + job, "/" + job + "/logs", "/" + job + "/logs?follow=true&tail=5")) {
      Api.Response read = api.get("/cluster/" + id + "/jobs" + path, BOB);
      assertForbidden(read, "may not read the jobs of cluster " + id, "is not shared with you");
      assertThat(read.raw()).doesNotContain("tok-789");
    }
    assertThat(refusals() - refusedBefore).isGreaterThanOrEqualTo(4);
    // Counted, but not written on the timeline: a refused read is not a change.
    assertThat(api.get("/cluster/" + id + "/events?page_size=100", ALICE).raw())
        .doesNotContain("tried to read the jobs of");

    // Those who may submit jobs read them: a can_attach share, the owner, admins.
    share(id, ALICE, "user", "bob@example.com", "can_attach");
    Api.Response shared = api.get("/cluster/" + id + "/jobs", BOB);
    assertThat(shared.status()).as(shared.raw()).isEqualTo(200);
    assertThat(shared.raw()).contains(job).contains("tok-789");
    assertThat(api.get("/cluster/" + id + "/jobs/" + job, ALICE).status()).isEqualTo(200);
    assertThat(api.get("/cluster/" + id + "/jobs/" + job, ADMIN).status()).isEqualTo(200);
    // An unknown cluster is still a 404, not a refusal.
    assertThat(api.get("/cluster/id-doesnotexist0000/jobs", BOB).status()).isEqualTo(404);
  }

  @Test
  void groupSharesAdminsAndDelegates() {
    String id = aliceCluster(true);
    assertForbidden(api.post("/cluster/restart-cluster/" + id, null, CAROL), "not shared");
    share(id, ALICE, "group", "ml-team", "can_restart");
    assertThat(api.post("/cluster/restart-cluster/" + id, null, CAROL).status()).isEqualTo(202);

    assertThat(api.post("/cluster/stop-cluster/" + id, null, ADMIN).status()).isEqualTo(202);

    // A delegate acting for a user: both identities on the timeline.
    Api.Response started =
        api.send(
            "POST",
            "/cluster/start-cluster/" + id,
            Api.as("workspace-service"),
            "on-behalf-of",
            "alice@example.com");
    assertThat(started.status()).as(started.raw()).isEqualTo(202);
    assertThat(api.get("/cluster/" + id + "/events?page_size=100", ALICE).raw())
        .contains("alice@example.com via workspace-service");

    // Anyone else saying whom they act for is refused.
    Api.Response pretending =
        api.send("POST", "/cluster/stop-cluster/" + id, BOB, "on-behalf-of", "alice@example.com");
    assertForbidden(pretending, "only configured delegates");
  }

  @Test
  void theOwnerOfANewClusterIsTheCaller() {
    String body = ClusterRequests.quickStart(unique("own")).replace("true", "false");
    Api.Response forAlice =
        api.post("/cluster", body.replace("\"user@example.com\"", "\"alice@example.com\""), BOB);
    assertForbidden(forAlice, "may not create a cluster for alice@example.com");

    Api.Response byAdmin =
        api.post("/cluster", body.replace("\"user@example.com\"", "\"alice@example.com\""), ADMIN);
    assertThat(byAdmin.status()).as(byAdmin.raw()).isEqualTo(200);
    String id = byAdmin.data().get("cluster_id").asString();
    assertThat(api.get("/cluster/" + id).data().get("user").asString())
        .isEqualTo("alice@example.com");

    // Only in the sandbox profiles: a create without identity is made by the body's user.
    Api.Response anonymous =
        api.post("/cluster", ClusterRequests.quickStart(unique("anon")), Api.NO_IDENTITY);
    assertThat(anonymous.status()).as(anonymous.raw()).isEqualTo(200);
  }

  @Test
  void anEditByAnAdminOrADelegateKeepsTheOwnerAndTheSpecsUserWhateverUserItNames() {
    String body =
        ClusterRequests.stoppedQuickStart(unique("kept"))
            .replace("\"user@example.com\"", "\"alice@example.com\"");
    Api.Response created = api.post("/cluster", body, ALICE);
    assertThat(created.status()).as(created.raw()).isEqualTo(200);
    String id = created.data().get("cluster_id").asString();

    // The UI's edit names whoever is signed in: here an admin.
    Api.Response byAdmin =
        api.put("/cluster/" + id, editNaming(body, "admin@example.com", "by-admin"), ADMIN);
    assertThat(byAdmin.status()).as(byAdmin.raw()).isEqualTo(200);
    // A delegate's edit naming a third user gives the cluster to nobody either.
    Api.Response byDelegate =
        api.send(
            "PUT",
            "/cluster/" + id,
            editNaming(body, "bob@example.com", "by-delegate"),
            Api.as("workspace-service"),
            "on-behalf-of",
            "alice@example.com");
    assertThat(byDelegate.status()).as(byDelegate.raw()).isEqualTo(200);

    Api.Response read = api.get("/cluster/" + id, ALICE);
    assertThat(read.data().get("user").asString()).isEqualTo("alice@example.com");
    assertThat(read.raw()).contains("by-delegate");
    assertThat(
            jdbc.queryForObject(
                "SELECT owner FROM clusters WHERE cluster_id = ?", String.class, id))
        .isEqualTo("alice@example.com");
    assertThat(clusterService.get(id).getSpec().user()).isEqualTo("alice@example.com");
    // Still hers alone: bob, named by the delegate's edit, may not edit it.
    assertForbidden(api.put("/cluster/" + id, body, BOB), "may not edit");
    // A share's edit naming the editor, as the UI sends it, keeps the owner too.
    share(id, ALICE, "user", "bob@example.com", "can_manage");
    Api.Response byShare =
        api.put("/cluster/" + id, editNaming(body, "bob@example.com", "by-share"), BOB);
    assertThat(byShare.status()).as(byShare.raw()).isEqualTo(200);
    assertThat(api.get("/cluster/" + id, ALICE).data().get("user").asString())
        .isEqualTo("alice@example.com");
    assertThat(clusterService.get(id).getSpec().user()).isEqualTo("alice@example.com");
  }

  /** Alice's cluster body as another's edit sends it: naming {@code user}, with one more tag. */
  private static String editNaming(String body, String user, String tag) {
    return body.replace("\"alice@example.com\"", "\"" + user + "\"")
        .replace("[\"demo\"]", "[\"demo\", \"" + tag + "\"]");
  }

  @Test
  void readsNeedAnIdentityAndHealthDoesNot() {
    Api.Response search = api.post("/cluster/search", "{}", Api.NO_IDENTITY);
    assertThat(search.status()).isEqualTo(401);
    assertThat(search.data().get("code").asString()).isEqualTo("UNAUTHENTICATED");
    assertThat(api.get("/get-runtimes", Api.NO_IDENTITY).status()).isEqualTo(401);
    assertThat(api.get("/health", Api.NO_IDENTITY).status()).isEqualTo(200);
    assertThat(api.get("/actuator/health", Api.NO_IDENTITY).status()).isEqualTo(200);
    Api.Response actuator = api.get("/actuator/info", BOB);
    assertThat(actuator.status()).isEqualTo(403);
    assertThat(actuator.body().get("status").asString()).isEqualTo("ERROR");
    assertThat(api.get("/actuator/info", ADMIN).status()).isEqualTo(200);
  }

  @Test
  void reservedInstanceRolesAreForTheirGroupsOnly() {
    String body =
        ClusterRequests.stoppedQuickStart(unique("role"))
            .replace(
                "\"user\": \"user@example.com\"",
                "\"user\": \"%s\", \"advance_config\": {\"instance_role\": {\"id\": \"2\"}}");
    Api.Response bob = api.post("/cluster", body.formatted("bob@example.com"), BOB);
    assertForbidden(bob, "were not granted instance role 2");
    Api.Response fin =
        api.post("/cluster", body.formatted("fin@example.com"), Api.as("fin@example.com"));
    assertThat(fin.status()).as(fin.raw()).isEqualTo(200);
  }

  /**
   * A share's edit may not put the owner's cluster on what only the editor was granted: the cluster
   * runs as the owner's (its jobs, its Jupyter, its commands), so its owner must be granted what
   * the edit adds, as a create of theirs would be. Moving it to a reserved target likewise.
   */
  @Test
  void aSharesEditAddsNothingReservedThatTheOwnerWasNotGranted() {
    String body =
        ClusterRequests.stoppedQuickStart(unique("owner-grants"))
            .replace("\"user@example.com\"", "\"alice@example.com\"");
    String id = api.post("/cluster", body, ALICE).data().get("cluster_id").asString();
    // fin (group finance) is granted instance role 2; alice is not.
    share(id, ALICE, "user", "fin@example.com", "can_manage");
    String onRole2 =
        editNaming(body, "fin@example.com", "by-fin")
            .replace(
                "\"user\": \"fin@example.com\"",
                "\"user\": \"fin@example.com\", \"advance_config\": {\"instance_role\": {\"id\":"
                    + " \"2\"}}");
    assertForbidden(
        api.put("/cluster/" + id, onRole2, Api.as("fin@example.com")),
        "owner (alice@example.com) was not granted instance role 2");
    assertThat(
            api.get("/cluster/" + id, ALICE)
                .data()
                .get("advance_config")
                .get("instance_role")
                .get("instance_role_id")
                .asString())
        .isEqualTo("1");
    // An edit that adds nothing reserved is still the share's to make.
    Api.Response tagged =
        api.put(
            "/cluster/" + id,
            editNaming(body, "fin@example.com", "by-fin"),
            Api.as("fin@example.com"));
    assertThat(tagged.status()).as(tagged.raw()).isEqualTo(200);

    // sandbox-east is reserved to user@example.com: a share of theirs may not move alice's there.
    share(id, ALICE, "user", "user@example.com", "can_manage");
    assertForbidden(
        api.put("/cluster/" + id + "/cloud-env/sandbox-east", "", Api.USER),
        "owner (alice@example.com) was not granted cloud_env sandbox-east");
    assertThat(api.get("/cluster/" + id, ALICE).data().get("cloud_env").asString())
        .isEqualTo("sandbox");
    // An admin may.
    assertThat(api.put("/cluster/" + id + "/cloud-env/sandbox-east", "", ADMIN).status())
        .isEqualTo(200);
  }

  /**
   * Whoever a cluster is shared with runs code in it, with its instance role: a cluster on a
   * reserved role is shared only with users and groups granted it, and a shared cluster is moved
   * onto one only when every share is granted it (as with Secrets).
   */
  @Test
  void aClusterOnAReservedRoleIsSharedOnlyWithThoseGrantedIt() {
    String fin = Api.as("fin@example.com");
    String role2 =
        ClusterRequests.stoppedQuickStart("%s")
            .replace(
                "\"user\": \"user@example.com\"",
                "\"user\": \"fin@example.com\", \"advance_config\": {\"instance_role\": {\"id\":"
                    + " \"2\"}}");
    String onRole2 = role2.formatted(unique("role-share"));
    Api.Response created = api.post("/cluster", onRole2, fin);
    assertThat(created.status()).as(created.raw()).isEqualTo(200);
    String id = created.data().get("cluster_id").asString();
    String toBob =
        "{\"kind\": \"user\", \"principal\": \"bob@example.com\", \"level\": \"can_attach\"}";
    assertForbidden(
        api.put("/cluster/" + id + "/permissions", toBob, fin),
        "may not be shared with user bob@example.com, not granted instance role 2");
    assertForbidden(
        api.put(
            "/cluster/" + id + "/permissions",
            "{\"kind\": \"group\", \"principal\": \"ml-team\", \"level\": \"can_attach\"}",
            fin),
        "group ml-team, not granted instance role 2");
    Api.Response toFinance =
        api.put(
            "/cluster/" + id + "/permissions",
            "{\"kind\": \"group\", \"principal\": \"finance\", \"level\": \"can_attach\"}",
            fin);
    assertThat(toFinance.status()).as(toFinance.raw()).isEqualTo(200);
    // Nor may a delegate give it to him; an admin may share it with anyone.
    assertForbidden(
        api.put(
            "/cluster/user/" + id,
            "{\"cluster_user\": \"bob@example.com\"}",
            Api.as("workspace-service")),
        "bob@example.com was not granted instance role 2");
    assertThat(api.put("/cluster/" + id + "/permissions", toBob, ADMIN).status()).isEqualTo(200);

    // The other side: a cluster shared with bob, then moved onto the reserved role.
    String plain =
        ClusterRequests.stoppedQuickStart(unique("role-edit"))
            .replace("\"user@example.com\"", "\"fin@example.com\"");
    String shared = api.post("/cluster", plain, fin).data().get("cluster_id").asString();
    assertThat(api.put("/cluster/" + shared + "/permissions", toBob, fin).status()).isEqualTo(200);
    assertForbidden(
        api.put("/cluster/" + shared, role2.formatted(unique("role-edit")), fin),
        "is shared with user bob@example.com, not granted instance role 2");
    assertThat(
            api.get("/cluster/" + shared, fin)
                .data()
                .get("advance_config")
                .get("instance_role")
                .get("instance_role_id")
                .asString())
        .isEqualTo("1");
  }

  @Test
  void credentialsAreTheOwnersToReadAndSecretsAreReferences() {
    String body =
        ClusterRequests.stoppedQuickStart(unique("sec"))
            .replace(
                "\"user\": \"user@example.com\"",
                "\"user\": \"alice@example.com\", \"advance_config\": {\"environment_variables\":"
                    + " \"TEAM=ml\\nAPI_TOKEN=tok-123\\nDB_PASSWORD=pw-456\\n"
                    + "GH_TOKEN=secret:gh-creds/token\"}");
    Api.Response created = api.post("/cluster", body, ALICE);
    assertThat(created.status()).as(created.raw()).isEqualTo(200);
    String id = created.data().get("cluster_id").asString();

    String own = api.get("/cluster/" + id, ALICE).raw();
    assertThat(own).contains("API_TOKEN=tok-123").contains("DB_PASSWORD=pw-456");
    String others = api.get("/cluster/" + id, BOB).raw();
    assertThat(others)
        .contains("TEAM=ml", "API_TOKEN=****", "DB_PASSWORD=****", "GH_TOKEN=secret:gh-creds/token")
        .doesNotContain("tok-123")
        .doesNotContain("pw-456");

    String manifest =
        api.send("GET", "/cluster/" + id + "/manifest", BOB, "Accept", "application/json").raw();
    assertThat(manifest).doesNotContain("tok-123").doesNotContain("pw-456").contains("****");
    assertThat(manifest).contains("secretKeyRef").contains("gh-creds");
    assertThat(
            api.send("GET", "/cluster/" + id + "/manifest", ALICE, "Accept", "application/json")
                .raw())
        .contains("tok-123");

    Api.Response badRef =
        api.post(
            "/cluster",
            body.replace("secret:gh-creds/token", "secret:nope").replace("sec-", "sec2-"),
            ALICE);
    assertThat(badRef.status()).as(badRef.raw()).isEqualTo(400);
  }

  @Test
  void aShareKeepsWhatRunsInTheOwnersPodsAndTheCredentialsItReadMasked() {
    String body =
        ClusterRequests.stoppedQuickStart(unique("env"))
            .replace(
                "\"user\": \"user@example.com\"",
                "\"user\": \"alice@example.com\", \"advance_config\": {\"environment_variables\":"
                    + " \"TEAM=ml\\r\\nAPI_TOKEN = tok-123\", \"env_from_secrets\": [\"team-creds\"],"
                    + " \"spark_config\": {\"spark.executor.memory\": \"1g\","
                    + " \"spark.executor.cores\": 4}}");
    Api.Response created = api.post("/cluster", body, ALICE);
    assertThat(created.status()).as(created.raw()).isEqualTo(200);
    String id = created.data().get("cluster_id").asString();
    share(id, ALICE, "user", "bob@example.com", "can_manage");

    // What bob read sent back with another tag, as a browser sends it: the token masked, \n line
    // endings, the Secrets left out (the read shows them outside advance_config), numbers as text.
    String asBobRead =
        body.replace("TEAM=ml\\r\\nAPI_TOKEN = tok-123", "TEAM=ml\\nAPI_TOKEN =****")
            .replace(" \"env_from_secrets\": [\"team-creds\"],", "")
            .replace("\"spark.executor.cores\": 4", "\"spark.executor.cores\": \"4\"");
    Api.Response retagged =
        api.put("/cluster/" + id, asBobRead.replace("[\"demo\"]", "[\"demo\", \"bob\"]"), BOB);
    assertThat(retagged.status()).as(retagged.raw()).isEqualTo(200);
    String own = api.get("/cluster/" + id, ALICE).raw();
    assertThat(own).contains("tok-123").contains("team-creds").contains("\"bob\"");

    assertForbidden(
        api.put(
            "/cluster/" + id,
            asBobRead.replace("TEAM=ml", "TEAM=ml\\nBASH_ENV=/workspace/bob/rc.sh"),
            BOB),
        "The environment variables of cluster " + id,
        "only its owner (alice@example.com) and admins may change it");
    assertForbidden(
        api.put("/cluster/" + id, asBobRead.replace("\"1g\"", "\"2g\""), BOB),
        "The Spark configuration of cluster " + id);
    assertForbidden(
        api.put(
            "/cluster/" + id,
            asBobRead.replace(
                "\"spark_config\"", "\"env_from_secrets\": [\"platform-creds\"], \"spark_config\""),
            BOB),
        "The Secrets its pods take variables from");
    assertThat(api.get("/cluster/" + id, ALICE).raw())
        .contains("tok-123")
        .doesNotContain("BASH_ENV")
        .doesNotContain("platform-creds")
        .contains("\"1g\"");

    // An admin may change them; a value sent back masked is still the stored one.
    Api.Response byAdmin =
        api.put("/cluster/" + id, asBobRead.replace("TEAM=ml", "TEAM=infra"), ADMIN);
    assertThat(byAdmin.status()).as(byAdmin.raw()).isEqualTo(200);
    assertThat(api.get("/cluster/" + id, ALICE).raw()).contains("TEAM=infra").contains("tok-123");
  }

  @Test
  void aClusterReadsOnlyTheSecretsGrantedToWhoeverNamesThem() {
    // The test profile reserves platform-* to the finance group and opens every other name.
    String name = unique("plat");
    String template =
        ClusterRequests.stoppedQuickStart(name)
            .replace(
                "\"user\": \"user@example.com\"",
                "\"user\": \"%s\", \"advance_config\": {\"environment_variables\": \"%s\","
                    + " \"env_from_secrets\": [%s]}");
    assertForbidden(
        api.post(
            "/cluster",
            template.formatted("alice@example.com", "DB=secret:platform-db/password", ""),
            ALICE),
        "You (alice@example.com) were not granted Secret platform-db",
        "compute.access.grants.secrets");
    assertForbidden(
        api.post(
            "/cluster",
            template.formatted("alice@example.com", "", "\"team-creds\", \"platform-creds\""),
            ALICE),
        "were not granted Secret platform-creds");
    // Nothing was made: the name is free, and a create with open Secrets only takes it.
    String open =
        template.formatted("alice@example.com", "A=secret:gh-creds/token", "\"team-creds\"");
    Api.Response created = api.post("/cluster", open, ALICE);
    assertThat(created.status()).as(created.raw()).isEqualTo(200);
    String id = created.data().get("cluster_id").asString();

    // An edit may not add one either; an admin may, and the owner's later edits keep it.
    String withPlatform = open.replace("\"team-creds\"]", "\"team-creds\", \"platform-creds\"]");
    assertForbidden(
        api.put("/cluster/" + id, withPlatform, ALICE), "were not granted Secret platform-creds");
    assertThat(api.put("/cluster/" + id, withPlatform, ADMIN).status()).isEqualTo(200);
    Api.Response retagged =
        api.put("/cluster/" + id, withPlatform.replace("[\"demo\"]", "[\"demo\", \"x\"]"), ALICE);
    assertThat(retagged.status()).as(retagged.raw()).isEqualTo(200);
    assertThat(api.get("/cluster/" + id, ALICE).data().get("env_from_secrets").toString())
        .isEqualTo("[\"team-creds\",\"platform-creds\"]");

    // Whom it is granted to may name it.
    Api.Response fin =
        api.post(
            "/cluster",
            template
                .formatted("fin@example.com", "DB=secret:platform-db/password", "")
                .replace(name, unique("plat-fin")),
            Api.as("fin@example.com"));
    assertThat(fin.status()).as(fin.raw()).isEqualTo(200);

    // A delegate may not hand the cluster, and with it the Secret, to someone not granted it.
    String finCluster = fin.data().get("cluster_id").asString();
    String toAlice = "{\"cluster_user\": \"alice@example.com\"}";
    assertForbidden(
        api.put("/cluster/user/" + finCluster, toAlice, Api.as("workspace-service")),
        "alice@example.com was not granted Secret platform-db");
    assertThat(api.get("/cluster/" + finCluster + "/metadata", ALICE).data().get("user").asString())
        .isEqualTo("fin@example.com");
    assertThat(api.put("/cluster/user/" + finCluster, toAlice, ADMIN).status()).isEqualTo(200);

    // Through a delegate the represented user's groups apply: fin's finance, not alice's none.
    java.util.function.Function<String, String> viaDelegate =
        user ->
            template
                .formatted(user, "DB=secret:platform-db/password", "")
                .replace(name, unique("plat-via"));
    Api.Response forFin =
        api.send(
            "POST",
            "/cluster",
            viaDelegate.apply("fin@example.com"),
            Api.as("workspace-service"),
            "on-behalf-of",
            "fin@example.com");
    assertThat(forFin.status()).as(forFin.raw()).isEqualTo(200);
    assertForbidden(
        api.send(
            "POST",
            "/cluster",
            viaDelegate.apply("alice@example.com"),
            Api.as("workspace-service"),
            "on-behalf-of",
            "alice@example.com"),
        "You (alice@example.com) were not granted Secret platform-db");
  }

  @Test
  void aClusterThatReadsASecretIsSharedOnlyWithThoseGrantedIt() {
    // platform-* is reserved to the finance group (fin@example.com) in the test profile.
    String fin = FinCluster.OWNER;
    FinCluster cluster = finCluster("shared-secret");
    String id = cluster.id();
    String body = cluster.body();
    share(id, Api.as(fin), "user", "bob@example.com", "can_attach");

    // A Secret added to a cluster shared with bob would be bob's to print: refused.
    String reading = cluster.readingPlatformDb();
    assertForbidden(
        api.put("/cluster/" + id, reading, Api.as(fin)),
        "Cluster " + id + " is shared with user bob@example.com, not granted Secret platform-db");
    assertThat(api.get("/cluster/" + id, Api.as(fin)).data().get("env_from_secrets").toString())
        .isEqualTo("[]");

    // Without the share it may be added; then it is shared only with whom it is granted to.
    assertThat(
            api.delete("/cluster/" + id + "/permissions/user/bob@example.com", Api.as(fin))
                .status())
        .isEqualTo(200);
    Api.Response added = api.put("/cluster/" + id, reading, Api.as(fin));
    assertThat(added.status()).as(added.raw()).isEqualTo(200);
    for (String[] refused : new String[][] {{"user", "bob@example.com"}, {"group", "ml-team"}}) {
      assertForbidden(
          api.put(
              "/cluster/" + id + "/permissions",
              "{\"kind\": \"%s\", \"principal\": \"%s\", \"level\": \"can_attach\"}"
                  .formatted(refused[0], refused[1]),
              Api.as(fin)),
          "Cluster " + id + " may not be shared with " + refused[0] + " " + refused[1]);
    }
    share(id, Api.as(fin), "group", "finance", "can_manage");
    share(id, ADMIN, "user", "bob@example.com", "can_attach");
    assertThat(api.get("/cluster/" + id + "/permissions", Api.as(fin)).raw())
        .contains("finance")
        .contains("bob@example.com");
  }

  @Test
  void aShareMadeWhileAnEditAddsASecretIsSeenByTheEdit() throws Exception {
    String fin = FinCluster.OWNER;
    FinCluster cluster = finCluster("share-race");
    String id = cluster.id();
    String reading = cluster.readingPlatformDb();

    // The share is made and held uncommitted while the edit reads the cluster and its shares.
    Api.Response edited =
        whileHeldUncommitted(
            () ->
                access.share(
                    id,
                    new ClusterPermission(
                        PrincipalKind.USER, "bob@example.com", AccessLevel.CAN_ATTACH),
                    Caller.user(fin, "127.0.0.1")),
            () -> api.put("/cluster/" + id, reading, Api.as(fin)));

    assertForbidden(
        edited,
        "Cluster " + id + " is shared with user bob@example.com, not granted Secret platform-db");
    assertThat(api.get("/cluster/" + id, Api.as(fin)).data().get("env_from_secrets").toString())
        .isEqualTo("[]");
    assertThat(api.get("/cluster/" + id + "/permissions", Api.as(fin)).raw())
        .contains("bob@example.com");
  }

  @Test
  void aShareMadeWhileAnEditAddsASecretChecksTheEditedCluster() throws Exception {
    String fin = FinCluster.OWNER;
    String id = finCluster("edit-race").id();
    ClusterEntity stored = clusterService.get(id);
    ClusterRequest spec = stored.getSpec();
    ClusterRequest reading =
        spec.withAdvanceConfig(spec.advanceConfig().withEnvFromSecrets(List.of("platform-db")));

    // The edit (checked as the controller checks it) is written and held uncommitted.
    Api.Response shared =
        whileHeldUncommitted(
            () ->
                clusterService.update(
                    id,
                    stored.getSpecVersion(),
                    reading,
                    new Actor(fin),
                    written ->
                        sharedSecrets.checkAdded(
                            id, List.of("platform-db"), Caller.user(fin, "127.0.0.1"))),
            () ->
                api.put(
                    "/cluster/" + id + "/permissions",
                    "{\"kind\": \"user\", \"principal\": \"bob@example.com\","
                        + " \"level\": \"can_attach\"}",
                    Api.as(fin)));

    assertForbidden(shared, "Cluster " + id + " may not be shared with user bob@example.com");
    assertThat(api.get("/cluster/" + id, Api.as(fin)).data().get("env_from_secrets").toString())
        .isEqualTo("[\"platform-db\"]");
    assertThat(api.get("/cluster/" + id + "/permissions", Api.as(fin)).raw())
        .doesNotContain("bob@example.com");
  }

  /**
   * {@code held} done in a transaction kept open until {@code racing} (another request) waits on
   * its locks, then committed: what {@code racing} answers.
   */
  private Api.Response whileHeldUncommitted(Runnable held, Callable<Api.Response> racing)
      throws Exception {
    CountDownLatch done = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      Future<?> holding =
          threads.submit(
              () ->
                  new TransactionTemplate(transactions)
                      .executeWithoutResult(
                          tx -> {
                            held.run();
                            done.countDown();
                            awaitQuietly(release);
                          }));
      assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
      Future<Api.Response> answer = threads.submit(racing);
      awaitALockWait(answer);
      release.countDown();
      holding.get(30, TimeUnit.SECONDS);
      return answer.get(30, TimeUnit.SECONDS);
    } finally {
      release.countDown();
      threads.shutdownNow();
    }
  }

  /**
   * Until the request waits on a row lock (the other transaction's), it answers, or 1 s passes:
   * well inside the lock wait timeout (2 s), after which the waiting request would be refused.
   */
  private void awaitALockWait(Future<?> edit) throws InterruptedException {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
    while (!edit.isDone() && System.nanoTime() < until) {
      Integer waiting =
          jdbc.queryForObject(
              "select count(*) from information_schema.innodb_trx where trx_state = 'LOCK WAIT'",
              Integer.class);
      if (waiting != null && waiting > 0) {
        return;
      }
      Thread.sleep(20);
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * A stopped cluster of fin@example.com (in the finance group, granted platform-*), reading no
   * Secret yet, and the body it was created with.
   */
  private record FinCluster(String id, String body) {
    static final String OWNER = "fin@example.com";

    /** The same cluster, reading the finance group's Secret platform-db. */
    String readingPlatformDb() {
      return body.replace(
          "\"user\": \"" + OWNER + "\"",
          "\"user\": \""
              + OWNER
              + "\", \"advance_config\": {\"env_from_secrets\": [\"platform-db\"]}");
    }
  }

  private FinCluster finCluster(String prefix) {
    String body =
        ClusterRequests.stoppedQuickStart(unique(prefix))
            .replace("\"user\": \"user@example.com\"", "\"user\": \"" + FinCluster.OWNER + "\"");
    Api.Response created = api.post("/cluster", body, Api.as(FinCluster.OWNER));
    assertThat(created.status()).as(created.raw()).isEqualTo(200);
    return new FinCluster(created.data().get("cluster_id").asString(), body);
  }

  /**
   * {@code packages_clone_from} copies a cluster's libraries, which anyone may read; a private
   * index's token in one of them is never shown, and a copy would install with it in pods the
   * caller controls: only those who may install libraries on the source copy it.
   */
  @Test
  void librariesWithCredentialsAreCopiedOnlyByThoseWhoMayInstallThemOnTheirCluster() {
    String secret = "s3cr3t-" + Long.toString(System.nanoTime(), 36);
    String withToken = aliceCluster(false);
    Api.Response installed =
        api.post(
            "/cluster/" + withToken + "/library/install",
            ("{\"source\": \"pypi\", \"body\": {\"name\": \"private-lib\", \"version\": \"1.0\","
                    + " \"path\": \"https://__token__:%s@pypi.example.com/simple\"}}")
                .formatted(secret),
            ALICE);
    assertThat(installed.status()).as(installed.raw()).isEqualTo(200);
    String plain = aliceCluster(false);
    assertThat(
            api.post(
                    "/cluster/" + plain + "/library/install",
                    "{\"source\": \"pypi\", \"body\": {\"name\": \"pandas\", \"version\": \"2.2.2\"}}",
                    ALICE)
                .status())
        .isEqualTo(200);

    double refusedBefore = refusals();
    String refusedName = unique("acl-copy");
    assertForbidden(
        api.post("/cluster", bobsCloneOf(withToken, refusedName), BOB),
        "may not copy the index credentials in the libraries of cluster " + withToken,
        "belongs to alice@example.com");
    assertThat(
            jdbc.queryForObject(
                "SELECT COUNT(*) FROM clusters WHERE name = ?", Long.class, refusedName))
        .isZero();
    assertThat(refusals()).isGreaterThanOrEqualTo(refusedBefore + 1);

    // Libraries without credentials are anyone's to copy.
    Api.Response copied = api.post("/cluster", bobsCloneOf(plain, unique("acl-copy")), BOB);
    assertThat(copied.status()).as(copied.raw()).isEqualTo(200);
    assertThat(copied.data().get("packages").get(0).get("name").asString()).isEqualTo("pandas");

    // Nor through an edit of bob's own cluster, nor with a share below can_manage.
    String bobs = copied.data().get("cluster_id").asString();
    String edit = bobsCloneOf(withToken, unique("acl-copy"));
    assertForbidden(api.put("/cluster/" + bobs, edit, BOB), "belongs to alice@example.com");
    share(withToken, ALICE, "user", "bob@example.com", "can_restart");
    assertForbidden(
        api.post("/cluster", bobsCloneOf(withToken, unique("acl-copy")), BOB),
        "shared with you at can_restart",
        "needs can_manage");

    // A delegate creating for bob copies nothing bob could not copy himself.
    Api.Response forBob =
        api.send(
            "POST",
            "/cluster",
            bobsCloneOf(withToken, unique("acl-copy")),
            Api.as("workspace-service"),
            "on-behalf-of",
            "bob@example.com");
    assertForbidden(forBob, "may not copy the index credentials", "shared with you at can_restart");

    // With can_manage he could install it there, and he may copy it.
    share(withToken, ALICE, "user", "bob@example.com", "can_manage");
    Api.Response allowed = api.put("/cluster/" + bobs, edit, BOB);
    assertThat(allowed.status()).as(allowed.raw()).isEqualTo(200);
    assertThat(allowed.raw()).doesNotContain(secret);
    assertThat(
            jdbc.queryForObject(
                "SELECT path FROM cluster_libraries WHERE cluster_id = ? AND name = 'private-lib'",
                String.class,
                bobs))
        .contains(secret);
  }

  /**
   * A refused edit is written on the cluster's timeline with its reason, which every signed-in
   * caller reads: a malformed environment line (a token written with a colon) is named by its
   * number there, not quoted.
   */
  @Test
  void aRefusedEditsEnvironmentLineIsNotQuotedOnTheTimeline() {
    String id = aliceCluster(false);
    String secret = "ghp_" + Long.toString(System.nanoTime(), 36) + "s3cr3t";
    String edit =
        ClusterRequests.stoppedQuickStart(unique("acl-env"))
            .replace("\"user@example.com\"", "\"alice@example.com\"")
            .replace(
                "\"tags\": [\"demo\"],",
                "\"tags\": [\"demo\"], \"advance_config\": {\"environment_variables\":"
                    + " \"STAGE=dev\\nGITHUB_TOKEN: "
                    + secret
                    + "\"},");
    Api.Response refused = api.put("/cluster/" + id, edit, ALICE);
    assertThat(refused.status()).as(refused.raw()).isEqualTo(400);
    assertThat(refused.raw()).contains("line 2").doesNotContain(secret);
    Api.Response events = api.get("/cluster/" + id + "/events", BOB);
    assertThat(events.status()).as(events.raw()).isEqualTo(200);
    assertThat(events.raw())
        .contains("CLUSTER_UPDATION_FAILED")
        .contains("line 2")
        .doesNotContain(secret);
  }

  private static String bobsCloneOf(String source, String name) {
    return ClusterRequests.stoppedQuickStart(name)
        .replace(
            "\"user@example.com\"",
            "\"bob@example.com\", \"packages_clone_from\": \"" + source + "\"");
  }

  private void share(String id, String as, String kind, String principal, String level) {
    Api.Response shared =
        api.put(
            "/cluster/" + id + "/permissions",
            "{\"kind\": \"%s\", \"principal\": \"%s\", \"level\": \"%s\"}"
                .formatted(kind, principal, level),
            as);
    assertThat(shared.status()).as(shared.raw()).isEqualTo(200);
  }

  private double refusals() {
    return meters.find("compute.access.refused").counters().stream()
        .mapToDouble(c -> c.count())
        .sum();
  }
}
