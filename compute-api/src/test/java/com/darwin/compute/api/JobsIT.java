package com.darwin.compute.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.darwin.compute.core.config.JobProperties;
import com.darwin.compute.sandbox.FakeRayServices;
import com.darwin.compute.sandbox.FakeRayServices.JobPlan;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.core.SimpleLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Ray jobs end to end over HTTP: the control plane's Jobs API in front of the sandbox's simulated
 * Ray dashboard. The autotuner cases are seed 003's: one job, two jobs of 2 CPUs each, and a job of
 * 4 CPUs on a cluster whose largest node offers 2.
 */
@ExtendWith(OutputCaptureExtension.class)
class JobsIT extends ApiIntegrationTest {

  @Autowired JdbcTemplate jdbc;

  private static final String AUTOTUNER =
      "python3 -m autotuner.distributed --design gcd --platform asap7 --config"
          + " ../../flow/designs/asap7/gcd/autotuner.json --cloud_dir gs://autotuner_test tune"
          + " --samples 1";

  @Autowired JobProperties jobProperties;
  @Autowired com.darwin.compute.core.jobs.JobService jobService;
  @Autowired LockProvider locks;

  /** Quick Start shape: a 4-core head (no CPUs for tasks) and 1 to 2 workers of 2 cores, 4 GB. */
  private String activeCluster(String prefix) {
    String id = create(ClusterRequests.quickStart(unique(prefix)));
    awaitStatus(id, "active");
    return id;
  }

  private Api.Response submit(String clusterId, String body) {
    return api.post("/cluster/" + clusterId + "/jobs", body, Api.USER);
  }

  private JsonNode job(String clusterId, String submissionId) {
    Api.Response r = api.get("/cluster/" + clusterId + "/jobs/" + submissionId);
    assertThat(r.status()).as(r.raw()).isEqualTo(200);
    return r.data();
  }

  private void awaitJob(String clusterId, String submissionId, String status) {
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(100))
        .untilAsserted(
            () ->
                assertThat(job(clusterId, submissionId).get("status").asString())
                    .isEqualTo(status));
  }

  private List<JsonNode> events(String clusterId, String type) {
    JsonNode events =
        api.get("/cluster/" + clusterId + "/events?types=" + type).data().get("events");
    List<JsonNode> list = new ArrayList<>();
    events.forEach(list::add);
    return list;
  }

  @Test
  void aDeletedClustersJobsGoWithIt() {
    String id = activeCluster("job-deleted");
    String sid =
        submit(id, "{\"entrypoint\": \"" + AUTOTUNER + "\"}")
            .data()
            .get("submission_id")
            .asString();
    awaitJob(id, sid, "SUCCEEDED");
    String kept = "SELECT COUNT(*) FROM ray_jobs WHERE cluster_id = ?";
    assertThat(jdbc.queryForObject(kept, Integer.class, id)).isEqualTo(1);
    assertThat(api.post("/cluster/stop-cluster/" + id, null, Api.USER).status()).isEqualTo(202);
    awaitStatus(id, "inactive");
    // Stopping keeps them (they are read after the run); deleting the cluster takes them.
    assertThat(jdbc.queryForObject(kept, Integer.class, id)).isEqualTo(1);
    Api.Response deleted = api.delete("/cluster/" + id, Api.USER);
    assertThat(deleted.status()).as(deleted.raw()).isEqualTo(200);
    assertThat(jdbc.queryForObject(kept, Integer.class, id)).isZero();
  }

  @Test
  void seedCase1_oneJobRunsToSuccessWithLogsAndTimeline() {
    String id = activeCluster("job-one");
    Instant submittedFrom = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    Api.Response submitted =
        submit(id, "{\"entrypoint\": \"" + AUTOTUNER + "\", \"metadata\": {\"case\": \"1\"}}");
    assertThat(submitted.status()).as(submitted.raw()).isEqualTo(200);
    // A submission is a use of the cluster (its idle time starts again).
    assertThat(
            Instant.parse(
                api.get("/cluster/" + id + "/metadata").data().get("last_used_at").asString()))
        .isAfterOrEqualTo(submittedFrom);
    assertThat(submitted.message()).isEqualTo("Job submitted successfully");
    JsonNode job = submitted.data();
    String sid = job.get("submission_id").asString();
    assertThat(sid).startsWith("raysubmit_");
    assertThat(job.get("submitted_by").asString()).isEqualTo("user@example.com");
    assertThat(job.get("admission").asString()).isEqualTo("FITS_NOW");
    assertThat(job.get("waiting_for_cluster").asBoolean()).isFalse();
    assertThat(job.get("status").asString()).isIn("PENDING", "RUNNING");

    awaitJob(id, sid, "SUCCEEDED");
    JsonNode done = job(id, sid);
    assertThat(done.get("driver_exit_code").asInt()).isZero();
    assertThat(done.get("end_time").isNull()).isFalse();
    assertThat(done.get("metadata").get("case").asString()).isEqualTo("1");

    // What the simulated dashboard received is the Ray Jobs API body.
    Map<String, Object> sent = sandbox.ray().submittedJobs(id).get(0);
    assertThat(sent).containsEntry("entrypoint", AUTOTUNER).containsEntry("submission_id", sid);
    assertThat(sent).doesNotContainKey("start_cluster");

    JsonNode logs = api.get("/cluster/" + id + "/jobs/" + sid + "/logs").data();
    assertThat(logs.get("logs").asString()).contains("running: " + AUTOTUNER, "step 3/3");
    JsonNode tail = api.get("/cluster/" + id + "/jobs/" + sid + "/logs?tail=1").data();
    assertThat(tail.get("logs").asString()).isEqualTo("[simulated Ray] job SUCCEEDED\n");

    JsonNode listed = api.get("/cluster/" + id + "/jobs").data();
    assertThat(listed).hasSize(1);
    assertThat(listed.get(0).get("submission_id").asString()).isEqualTo(sid);

    List<JsonNode> submittedEvents = events(id, "JOB_SUBMITTED");
    assertThat(submittedEvents).hasSize(1);
    assertThat(submittedEvents.get(0).get("actor").asString()).isEqualTo("user@example.com");
    // The timeline is read by anyone who reads the cluster: no entrypoint on it.
    assertThat(submittedEvents.get(0).get("message").asString())
        .contains(sid, "submitted by user@example.com")
        .doesNotContain("autotuner");
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(events(id, "JOB_SUCCEEDED")).hasSize(1));
    assertThat(events(id, "JOB_SUCCEEDED").get(0).get("message").asString())
        .contains(sid, "submitted by user@example.com", "succeeded");
  }

  @Test
  void seedCase2_twoJobsOfTwoCpusTheSecondFitsOnlyAfterScaling() {
    String id = activeCluster("job-two");
    sandbox.ray().planJobs(id, JobPlan.endless());
    String body = "{\"entrypoint\": \"" + AUTOTUNER + "\", \"entrypoint_num_cpus\": 2}";
    Api.Response first = submit(id, body);
    Api.Response second = submit(id, body);
    assertThat(first.status()).as(first.raw()).isEqualTo(200);
    assertThat(second.status()).as(second.raw()).isEqualTo(200);
    assertThat(first.data().get("admission").asString()).isEqualTo("FITS_NOW");
    assertThat(second.data().get("admission").asString()).isEqualTo("FITS_AFTER_SCALING");
    assertThat(second.data().get("admission_message").asString())
        .contains("Fits only after scaling", "worker group 1", "up to 2");
    assertThat(second.data().get("submission_id").asString())
        .isNotEqualTo(first.data().get("submission_id").asString());
    assertThat(sandbox.ray().submittedJobs(id))
        .extracting(b -> b.get("entrypoint_num_cpus"))
        .containsExactly(2.0, 2.0);
    awaitJob(id, first.data().get("submission_id").asString(), "RUNNING");
    awaitJob(id, second.data().get("submission_id").asString(), "RUNNING");
  }

  @Test
  void seedCase3_fourCpusOnAClusterWhoseLargestNodeHasTwoIsRejectedWithTheReason() {
    String id = activeCluster("job-over");
    Api.Response rejected =
        submit(id, "{\"entrypoint\": \"" + AUTOTUNER + "\", \"entrypoint_num_cpus\": 4}");
    assertThat(rejected.status()).as(rejected.raw()).isEqualTo(422);
    assertThat(rejected.body().get("status").asString()).isEqualTo("ERROR");
    assertThat(rejected.data().get("code").asString()).isEqualTo("JOB_NOT_ADMITTED");
    assertThat(rejected.message())
        .contains("4 CPUs", "the most any node offers is 2", "Largest node: worker group 1")
        .contains("cpus_on_head");
    JsonNode error = rejected.data().get("errors").get(0);
    assertThat(error.get("field").asString()).isEqualTo("entrypoint_num_cpus");
    // Nothing reached Ray, nothing was stored.
    assertThat(sandbox.ray().submittedJobs(id)).isEmpty();
    assertThat(api.get("/cluster/" + id + "/jobs").data()).isEmpty();
    assertThat(events(id, "JOB_SUBMITTED")).isEmpty();
  }

  @Test
  void gpuAndMemoryAndCustomResourceDemandsAreCheckedPerNode() {
    String cpuOnly = activeCluster("job-mem");
    Api.Response gpu = submit(cpuOnly, "{\"entrypoint\": \"train\", \"entrypoint_num_gpus\": 1}");
    assertThat(gpu.status()).as(gpu.raw()).isEqualTo(422);
    assertThat(gpu.data().get("errors").get(0).get("field").asString())
        .isEqualTo("entrypoint_num_gpus");
    assertThat(gpu.message()).contains("1 GPUs", "the most any node offers is 0");

    // Memory for tasks is the pod's less its 25% object store: the 8 GB head (which takes jobs
    // that ask for no CPU) offers 6 GiB, a 4 GB worker 3 GiB. 8 GiB never fits; 2 GiB does.
    Api.Response big =
        submit(cpuOnly, "{\"entrypoint\": \"etl\", \"entrypoint_memory\": 8589934592}");
    assertThat(big.status()).as(big.raw()).isEqualTo(422);
    assertThat(big.data().get("errors").get(0).get("field").asString())
        .isEqualTo("entrypoint_memory");
    assertThat(big.message()).contains("8.0 GiB", "6.0 GiB");
    Api.Response small =
        submit(
            cpuOnly,
            "{\"entrypoint\": \"etl\", \"entrypoint_num_cpus\": 1, \"entrypoint_memory\":"
                + " 2147483648}");
    assertThat(small.status()).as(small.raw()).isEqualTo(200);
    assertThat(small.data().get("admission").asString()).isEqualTo("FITS_NOW");

    Api.Response custom =
        submit(cpuOnly, "{\"entrypoint\": \"x\", \"entrypoint_resources\": {\"TPU\": 1}}");
    assertThat(custom.status()).as(custom.raw()).isEqualTo(422);
    assertThat(custom.data().get("errors").get(0).get("field").asString())
        .isEqualTo("entrypoint_resources.TPU");

    // A GPU group at min_pods 0: a GPU job is admitted, but only once the autoscaler adds a node.
    String gpuCluster =
        create(
            """
            {
              "cluster_name": "%s", "tags": ["gpu"], "runtime": "0.0", "inactive_time": 30,
              "head_node_config": {"cores": 4, "memory": 8},
              "worker_node_configs": [
                {"min_pods": 0, "max_pods": 2, "node_type": "gpu",
                 "gpu_pod": {"name": "NVIDIA T4", "cores": 6, "memory": 26, "gpu_count": 1,
                             "g_ram_memory": 16, "g_ram_type": "GDDR6"}}
              ],
              "user": "user@example.com"
            }
            """
                .formatted(unique("job-gpu")));
    awaitStatus(gpuCluster, "active");
    Api.Response oneGpu =
        submit(
            gpuCluster,
            "{\"entrypoint\": \"train\", \"entrypoint_num_gpus\": 1, \"entrypoint_num_cpus\": 4}");
    assertThat(oneGpu.status()).as(oneGpu.raw()).isEqualTo(200);
    assertThat(oneGpu.data().get("admission").asString()).isEqualTo("FITS_AFTER_SCALING");
    Api.Response twoGpus =
        submit(gpuCluster, "{\"entrypoint\": \"train\", \"entrypoint_num_gpus\": 2}");
    assertThat(twoGpus.status()).as(twoGpus.raw()).isEqualTo(422);
    assertThat(twoGpus.message()).contains("2 GPUs", "the most any node offers is 1");
  }

  @Test
  void stopEndsARunningJobAndIsRecorded() {
    String id = activeCluster("job-stop");
    sandbox.ray().planJobs(id, JobPlan.endless());
    String sid =
        submit(id, "{\"entrypoint\": \"sleep infinity\"}").data().get("submission_id").asString();
    awaitJob(id, sid, "RUNNING");
    Api.Response running = api.delete("/cluster/" + id + "/jobs/" + sid, Api.USER);
    assertThat(running.status()).as(running.raw()).isEqualTo(409);

    Api.Response stopped = api.post("/cluster/" + id + "/jobs/" + sid + "/stop", null, Api.USER);
    assertThat(stopped.status()).as(stopped.raw()).isEqualTo(200);
    assertThat(stopped.data().get("status").asString()).isEqualTo("STOPPED");
    assertThat(events(id, "JOB_STOPPED")).hasSize(1);
    // Who stopped it is on the timeline, not only who submitted it.
    assertThat(events(id, "JOB_STOP_REQUESTED"))
        .singleElement()
        .satisfies(
            e ->
                assertThat(e.toString())
                    .contains(sid)
                    .contains("asked to stop by user@example.com"));
    Api.Response again = api.post("/cluster/" + id + "/jobs/" + sid + "/stop", null, Api.USER);
    assertThat(again.status()).as(again.raw()).isEqualTo(409);

    Api.Response deleted = api.delete("/cluster/" + id + "/jobs/" + sid, Api.USER);
    assertThat(deleted.status()).as(deleted.raw()).isEqualTo(200);
    assertThat(api.get("/cluster/" + id + "/jobs/" + sid).status()).isEqualTo(404);
    assertThat(events(id, "JOB_DELETED"))
        .singleElement()
        .satisfies(
            e -> assertThat(e.toString()).contains(sid).contains("deleted by user@example.com"));
  }

  @Test
  void concurrentDeletesOfAnEndedJobAreOneDeleteAndNotFounds() throws Exception {
    String id = activeCluster("job-delete-race");
    for (int round = 0; round < 3; round++) {
      planJobs(id, Duration.ofMillis(100), "SUCCEEDED", List.of());
      String sid = "delete-race-" + round;
      Api.Response submitted =
          submit(id, "{\"entrypoint\": \"true\", \"submission_id\": \"" + sid + "\"}");
      assertThat(submitted.status()).as(submitted.raw()).isEqualTo(200);
      awaitJob(id, sid, "SUCCEEDED");
      Concurrently.assertOneRemovedAndTheRestFoundItGone(
          Concurrently.call(4, () -> api.delete("/cluster/" + id + "/jobs/" + sid, Api.USER)));
      assertThat(api.get("/cluster/" + id + "/jobs/" + sid).status()).isEqualTo(404);
    }
    // On a stopped cluster only the rows are deleted (Ray is not asked): still one delete.
    planJobs(id, Duration.ofMillis(100), "SUCCEEDED", List.of());
    submit(id, "{\"entrypoint\": \"true\", \"submission_id\": \"delete-race-stopped\"}");
    awaitJob(id, "delete-race-stopped", "SUCCEEDED");
    assertThat(api.post("/cluster/stop-cluster/" + id, null, Api.USER).status()).isEqualTo(202);
    awaitStatus(id, "inactive");
    Concurrently.assertOneRemovedAndTheRestFoundItGone(
        Concurrently.call(
            4, () -> api.delete("/cluster/" + id + "/jobs/delete-race-stopped", Api.USER)));
  }

  @Test
  void aFailingJobIsRecordedAsAFailureWithoutAnyoneReadingIt() {
    String id = activeCluster("job-fail");
    sandbox.ray().planJobs(id, JobPlan.failing());
    String sid =
        submit(id, "{\"entrypoint\": \"python broken.py\"}").data().get("submission_id").asString();
    // The follower records it: nobody reads the job meanwhile.
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(() -> assertThat(events(id, "JOB_FAILED")).hasSize(1));
    // It read the one job from Ray, not the list of every job the cluster's Ray ever ran.
    assertThat(sandbox.ray().jobListings(id)).isZero();
    JsonNode failed = events(id, "JOB_FAILED").get(0);
    assertThat(failed.get("actor").asString()).isEqualTo("user@example.com");
    assertThat(failed.get("severity").asString()).isEqualTo("WARNING");
    assertThat(job(id, sid).get("driver_exit_code").asInt()).isEqualTo(1);
    // Ray's message (with the log's last lines) stays with the job, off the timeline.
    assertThat(failed.get("message").asString())
        .contains(sid, "failed", "(exit code 1)")
        .doesNotContain("broken.py")
        .doesNotContain("Traceback");
  }

  /**
   * Ray's failure message carries the last 20,000 characters of the log: 80,000 bytes of emoji did
   * not fit the message's column, and the failed write left the job running here for good (its
   * reads answering 400) and stopped the follower at it.
   */
  @Test
  void aFailureWhoseMessageOutgrowsItsColumnIsRecordedWithBothEndsOfIt() {
    String id = activeCluster("job-long-message");
    sandbox
        .ray()
        .planJobs(
            id,
            new JobPlan(
                Duration.ofMillis(200),
                Duration.ofMillis(500),
                "FAILED",
                List.of("\uD83D\uDE00".repeat(30_000), "the last line")));
    String sid =
        submit(id, "{\"entrypoint\": \"python emoji.py\"}").data().get("submission_id").asString();
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(() -> assertThat(events(id, "JOB_FAILED")).hasSize(1));
    JsonNode failed = job(id, sid);
    assertThat(failed.get("status").asString()).isEqualTo("FAILED");
    String message = failed.get("message").asString();
    assertThat(message)
        .startsWith("Job entrypoint command failed with exit code 1")
        .contains("characters cut")
        .endsWith("the last line\n[simulated Ray] job FAILED\n");
    assertThat(message.length()).isLessThanOrEqualTo(21_000);
    // What its TEXT column holds, in bytes.
    assertThat(message.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(65_535);
  }

  /**
   * A job given Ray directly from the head under the id the caller asks for: "already exists" used
   * to be taken as an earlier send of this job getting through, and the row then followed, stopped
   * and deleted the other command's job while its own never ran.
   */
  @Test
  void aSubmissionIdRayHoldsForAnotherCommandIsRefusedAndItsJobLeftAlone() throws Exception {
    String id = activeCluster("job-dup");
    sandbox.ray().planJobs(id, JobPlan.endless());
    HttpResponse<String> direct =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .build()
            .send(
                HttpRequest.newBuilder(
                        URI.create(sandbox.ray().baseUrl() + "/" + id + "/api/jobs/"))
                    .header("Content-Type", "application/json")
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            "{\"entrypoint\": \"python nightly.py\", \"submission_id\":"
                                + " \"nightly\"}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(direct.statusCode()).as(direct.body()).isEqualTo(200);

    Api.Response refused =
        submit(id, "{\"entrypoint\": \"python mine.py\", \"submission_id\": \"nightly\"}");
    assertThat(refused.status()).as(refused.raw()).isEqualTo(400);
    assertThat(refused.message()).contains("another job under the submission id nightly");
    assertThat(job(id, "nightly").get("status").asString()).isEqualTo("FAILED");
    // Not stopped, and not taken for this one: Ray's job runs on.
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> assertThat(sandbox.ray().jobStatus(id, "nightly")).contains("RUNNING"));
    // Nor later, by the follower's watch of jobs ended on their way (every 300 ms here).
    await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(5))
        .until(() -> sandbox.ray().jobStatus(id, "nightly").orElse("").equals("RUNNING"));
    assertThat(sandbox.ray().submittedJobs(id)).hasSize(1);
    // Ray's log under the id is the other job's, not this one's.
    Api.Response logs = api.get("/cluster/" + id + "/jobs/nightly/logs");
    assertThat(logs.status()).as(logs.raw()).isEqualTo(200);
    assertThat(logs.data().get("logs").asString()).isEmpty();
  }

  /**
   * Ray's dashboard finds a job by its driver's job id before its submission id: asked for a job
   * under the id {@code 01000000}, it answered with the job whose driver has that id.
   */
  @Test
  void aJobAskedForByIdIsOnlyTheJobSubmittedUnderIt() {
    String id = activeCluster("job-driver-id");
    sandbox.ray().planJobs(id, JobPlan.endless());
    String sid =
        submit(id, "{\"entrypoint\": \"sleep infinity\"}").data().get("submission_id").asString();
    awaitJob(id, sid, "RUNNING");

    Api.Response byDriverId = api.get("/cluster/" + id + "/jobs/01000000");
    assertThat(byDriverId.status()).as(byDriverId.raw()).isEqualTo(404);
    assertThat(job(id, sid).get("submission_id").asString()).isEqualTo(sid);
    api.post("/cluster/" + id + "/jobs/" + sid + "/stop", null, Api.USER);
  }

  @Test
  void aJobRayNoLongerKnowsFailsWhileADashboardAnsweringNotFoundToAllFailsNothing() {
    String id = activeCluster("job-lost");
    sandbox.ray().planJobs(id, JobPlan.endless());
    String sid =
        submit(id, "{\"entrypoint\": \"sleep infinity\"}").data().get("submission_id").asString();
    awaitJob(id, sid, "RUNNING");

    // Something in front of the dashboard answering 404 to everything is not Ray forgetting it.
    sandbox.ray().fail(id, 404);
    int before = sandbox.ray().requestCount(id);
    // Several passes of the follower (every 300 ms here), each answered 404.
    await()
        .pollDelay(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(10))
        .until(() -> sandbox.ray().requestCount(id) >= before + 6);
    sandbox.ray().fail(id, 0);
    assertThat(events(id, "JOB_FAILED")).isEmpty();
    assertThat(job(id, sid).get("status").asString()).isEqualTo("RUNNING");

    // Ray losing its jobs (its head recreated) fails the job, with the reason.
    sandbox.ray().reset(id);
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(() -> assertThat(events(id, "JOB_FAILED")).hasSize(1));
    assertThat(job(id, sid).get("message").asString()).contains("no longer knows");
  }

  /** Statements a list of the cluster's jobs sends (its HTTP call to Ray is not one). */
  private int listStatements(String clusterId) {
    com.darwin.compute.core.store.SqlStatementCounter.start();
    int statements;
    try {
      assertThat(jobService.list(clusterId)).isNotEmpty();
    } finally {
      statements = com.darwin.compute.core.store.SqlStatementCounter.stop();
    }
    return statements;
  }

  @Test
  void aClusterListsItsEndedJobsInAsManyStatementsWhateverTheirNumber() {
    String id = activeCluster("job-list");
    sandbox.ray().planJobs(id, JobPlan.succeeding());
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      ids.add(
          submit(id, "{\"entrypoint\": \"python x.py\"}").data().get("submission_id").asString());
      awaitJob(id, ids.get(i), "SUCCEEDED");
    }
    int four = listStatements(id);
    Api.Response deleted = api.delete("/cluster/" + id + "/jobs/" + ids.get(3), Api.USER);
    assertThat(deleted.status()).as(deleted.raw()).isEqualTo(200);
    Api.Response again = api.delete("/cluster/" + id + "/jobs/" + ids.get(2), Api.USER);
    assertThat(again.status()).as(again.raw()).isEqualTo(200);
    int two = listStatements(id);
    assertThat(four).isEqualTo(two);
    assertThat(api.get("/cluster/" + id + "/jobs").data().size()).isEqualTo(2);
  }

  @Test
  void aFollowOfAnUnknownJobOrWithABadTailIsAnsweredInTheEnvelope() throws Exception {
    String id = activeCluster("job-follow-bad");
    HttpResponse<String> unknown =
        HttpClient.newHttpClient()
            .send(follow(id, "no-such-job").build(), HttpResponse.BodyHandlers.ofString());
    assertThat(unknown.statusCode()).as(unknown.body()).isEqualTo(404);
    assertThat(unknown.body()).contains("\"status\":\"ERROR\"");
    sandbox.ray().planJobs(id, JobPlan.succeeding());
    String sid =
        submit(id, "{\"entrypoint\": \"python x.py\"}").data().get("submission_id").asString();
    HttpRequest badTail =
        HttpRequest.newBuilder(
                URI.create(
                    "http://127.0.0.1:"
                        + port
                        + "/cluster/"
                        + id
                        + "/jobs/"
                        + sid
                        + "/logs?follow=true&tail=-1"))
            .header("msd-user", Api.USER)
            .build();
    HttpResponse<String> refused =
        HttpClient.newHttpClient().send(badTail, HttpResponse.BodyHandlers.ofString());
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
    assertThat(refused.body()).contains("\"status\":\"ERROR\"", "tail");
  }

  @Test
  void logDownloadsBeyondTheLimitAreRefusedAndTheirPlacesFreedAfter() throws Exception {
    String id = activeCluster("job-dl");
    sandbox.ray().planJobs(id, JobPlan.succeeding());
    String sid =
        submit(id, "{\"entrypoint\": \"python x.py\"}").data().get("submission_id").asString();
    awaitJob(id, sid, "SUCCEEDED");
    // Every answer of the dashboard takes 2 s: compute.jobs.max-concurrent-log-downloads (2) are
    // downloading when the others ask.
    sandbox.ray().delay(id, Duration.ofSeconds(2));
    List<Api.Response> answers;
    try {
      answers =
          Concurrently.call(
              6, () -> api.get("/cluster/" + id + "/jobs/" + sid + "/logs", Api.USER));
    } finally {
      sandbox.ray().delay(id, Duration.ZERO);
    }
    assertThat(answers.stream().filter(a -> a.status() == 200))
        .as(answers.toString())
        .hasSizeBetween(2, 5);
    assertThat(answers.stream().filter(a -> a.status() != 200))
        .isNotEmpty()
        .allSatisfy(
            a -> {
              assertThat(a.status()).as(a.raw()).isEqualTo(503);
              assertThat(a.data().get("code").asString()).isEqualTo("TOO_MANY_LOG_DOWNLOADS");
            });
    // Each download gave its place back, a refused one too.
    for (int i = 0; i < 3; i++) {
      Api.Response again = api.get("/cluster/" + id + "/jobs/" + sid + "/logs", Api.USER);
      assertThat(again.status()).as(again.raw()).isEqualTo(200);
    }
  }

  @Test
  void aWorkingDirectoryNeverUploadedFailsTheJobAsRayWould() {
    String id = activeCluster("job-nodir");
    Api.Response submitted =
        submit(
            id,
            "{\"entrypoint\": \"python3 hello_world.py\", \"runtime_env\": {\"working_dir\":"
                + " \"gcs://_ray_pkg_0123456789abcdef.zip\"}}");
    assertThat(submitted.status()).as(submitted.raw()).isEqualTo(200);
    String sid = submitted.data().get("submission_id").asString();
    awaitJob(id, sid, "FAILED");
    assertThat(job(id, sid).get("message").asString()).contains("runtime environment", "not found");
  }

  @Test
  void theSameSubmissionIdTwiceIsTheSameJob() {
    String id = activeCluster("job-idem");
    String body = "{\"entrypoint\": \"python train.py\", \"submission_id\": \"train-42\"}";
    Api.Response first = submit(id, body);
    Api.Response second = submit(id, body);
    assertThat(first.status()).as(first.raw()).isEqualTo(200);
    assertThat(second.status()).as(second.raw()).isEqualTo(200);
    assertThat(second.message()).isEqualTo("Job train-42 was already submitted");
    assertThat(second.data().get("submission_id").asString()).isEqualTo("train-42");
    assertThat(second.data().get("created_at").asString())
        .isEqualTo(first.data().get("created_at").asString());
    assertThat(sandbox.ray().submittedJobs(id)).hasSize(1);
    assertThat(events(id, "JOB_SUBMITTED")).hasSize(1);

    Api.Response other =
        submit(id, "{\"entrypoint\": \"python other.py\", \"submission_id\": \"train-42\"}");
    assertThat(other.status()).as(other.raw()).isEqualTo(409);
    assertThat(other.message()).contains("train-42", "already used");
    // The same command with another environment is another job too, not the old one answered.
    Api.Response otherEnv =
        submit(
            id,
            "{\"entrypoint\": \"python train.py\", \"submission_id\": \"train-42\","
                + " \"runtime_env\": {\"env_vars\": {\"EPOCHS\": \"3\"}}}");
    assertThat(otherEnv.status()).as(otherEnv.raw()).isEqualTo(409);
    // Asking to start the cluster is not part of the job.
    Api.Response withStart =
        submit(
            id,
            "{\"entrypoint\": \"python train.py\", \"submission_id\": \"train-42\","
                + " \"start_cluster\": true}");
    assertThat(withStart.status()).as(withStart.raw()).isEqualTo(200);
    assertThat(withStart.message()).isEqualTo("Job train-42 was already submitted");
  }

  /**
   * Down (503), or behind a proxy or an ingress that has not published its route yet (404) or is
   * limiting its rate (429): a 4xx of those used to fail the job as refused by Ray, and the caller
   * was told its body was bad.
   */
  @ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(ints = {503, 404, 429})
  void aSubmissionTheDashboardDidNotTakeIsRetriedNotDuplicated(int answer) {
    String id = activeCluster("job-retry");
    sandbox.ray().fail(id, answer);
    Api.Response accepted =
        submit(id, "{\"entrypoint\": \"python train.py\", \"submission_id\": \"retry-1\"}");
    assertThat(accepted.status()).as(accepted.raw()).isEqualTo(202);
    assertThat(accepted.data().get("status").asString()).isEqualTo("PENDING");
    // The client retries while the dashboard is still down: the same job, still one row.
    Api.Response retried =
        submit(id, "{\"entrypoint\": \"python train.py\", \"submission_id\": \"retry-1\"}");
    assertThat(retried.status()).as(retried.raw()).isIn(200, 202);
    sandbox.ray().fail(id, 0);
    awaitJob(id, "retry-1", "SUCCEEDED");
    assertThat(sandbox.ray().submittedJobs(id)).hasSize(1);
    assertThat(api.get("/cluster/" + id + "/jobs").data()).hasSize(1);
  }

  @Test
  void aBodyRayRefusesIsABadRequestAndItsJobFailsWithRaysReason() {
    String id = activeCluster("job-refused");
    sandbox.ray().fail(id, 400); // as Ray's dashboard answers a runtime_env it cannot take
    Api.Response refused =
        submit(id, "{\"entrypoint\": \"python train.py\", \"submission_id\": \"refused-1\"}");
    assertThat(refused.status()).as(refused.raw()).isEqualTo(400);
    assertThat(refused.raw()).contains("Ray refused the job", "simulated failure");
    sandbox.ray().fail(id, 0);
    JsonNode job = job(id, "refused-1");
    assertThat(job.get("status").asString()).isEqualTo("FAILED");
    assertThat(job.get("message").asString()).startsWith("Ray refused the job");
  }

  @Test
  void aSubmissionWhoseAnswerWasLostRunsOnceAndIsFollowed() {
    String id = activeCluster("job-lost-answer");
    try (var hold = sandbox.ray().holdSubmissions(id)) {
      // Ray takes the job; its answer comes after compute.jobs.request-timeout.
      Api.Response accepted =
          submit(id, "{\"entrypoint\": \"python train.py\", \"submission_id\": \"lost-1\"}");
      assertThat(accepted.status()).as(accepted.raw()).isEqualTo(202);
      hold.release();
    }
    // The follower sends it again; Ray answers as its dashboard does (a 500 whose traceback ends
    // with "already exists"): the job is Ray's already, followed to its end, not sent twice.
    awaitJob(id, "lost-1", "SUCCEEDED");
    assertThat(sandbox.ray().submittedJobs(id)).hasSize(1);
  }

  @Test
  void aStoppedClusterIsAConflictUnlessTheRequestStartsIt() {
    String id = createStopped("job-stopped");
    assertThat(status(id)).isEqualTo("inactive");
    Api.Response conflict = submit(id, "{\"entrypoint\": \"python train.py\"}");
    assertThat(conflict.status()).as(conflict.raw()).isEqualTo(409);
    assertThat(conflict.message()).contains("is stopped", "start_cluster");

    Api.Response waiting =
        submit(id, "{\"entrypoint\": \"python train.py\", \"start_cluster\": true}");
    assertThat(waiting.status()).as(waiting.raw()).isEqualTo(202);
    assertThat(waiting.data().get("waiting_for_cluster").asBoolean()).isTrue();
    assertThat(waiting.message())
        .contains("once the cluster is active", "or fails if it is not within 45 minutes");
    String sid = waiting.data().get("submission_id").asString();
    assertThat(sandbox.ray().submittedJobs(id)).isEmpty();

    awaitStatus(id, "active");
    awaitJob(id, sid, "SUCCEEDED");
    assertThat(sandbox.ray().submittedJobs(id)).hasSize(1);
    assertThat(job(id, sid).get("waiting_for_cluster").asBoolean()).isFalse();
  }

  @Test
  void stoppingTheClusterEndsItsOpenJobs() {
    String id = activeCluster("job-cluster-stop");
    String sid = endedByTheCluster(id, "stop-cluster");
    assertThat(job(id, sid).get("message").asString()).contains("cluster was stopped");
  }

  @Test
  void restartingTheClusterEndsItsOpenJobs() {
    String id = activeCluster("job-cluster-restart");
    // The head is recreated, and the jobs Ray knew go with it (the run id stays).
    String sid = endedByTheCluster(id, "restart-cluster");
    assertThat(job(id, sid).get("message").asString()).contains("cluster was restarted");
    // A job submitted after the restart is followed as usual.
    awaitStatus(id, "active");
    planJobs(id, Duration.ofMillis(200), "SUCCEEDED", List.of("after"));
    String after = submit(id, "{\"entrypoint\": \"x\"}").data().get("submission_id").asString();
    awaitJob(id, after, "SUCCEEDED");
  }

  /**
   * Stopped while its cluster restarts, before the follower has ended it: Ray lost it with the
   * head, so there is nothing to ask Ray, whose dashboard is down meanwhile (a 503) or back without
   * the job (a 404). It used to be one of those until the follower's next pass. The follower is
   * held here so that the stop comes first.
   */
  @Test
  void aJobStoppedWhileItsClusterRestartsEndsAtOnce() {
    String id = activeCluster("job-stop-restarting");
    sandbox.ray().planJobs(id, JobPlan.endless());
    String sid = submit(id, "{\"entrypoint\": \"serve\"}").data().get("submission_id").asString();
    awaitJob(id, sid, "RUNNING");
    SimpleLock follower = ScheduledJobLock.hold(locks, "ray-jobs");
    try {
      assertThat(api.post("/cluster/restart-cluster/" + id, null, Api.USER).status())
          .isEqualTo(202);
      Api.Response stopped = api.post("/cluster/" + id + "/jobs/" + sid + "/stop", null, Api.USER);
      assertThat(stopped.status()).as(stopped.raw()).isEqualTo(200);
      assertThat(stopped.data().get("status").asString()).isEqualTo("STOPPED");
      JsonNode job = job(id, sid);
      assertThat(job.get("status").asString()).isEqualTo("STOPPED");
      assertThat(job.get("message").asString())
          .contains("Stopped by user@example.com")
          .contains("cluster was restarted");
      assertThat(events(id, "JOB_STOPPED")).hasSize(1);
    } finally {
      follower.unlock();
    }
  }

  /**
   * Runs an endless job on the cluster, then sends the cluster {@code route} ({@code stop-cluster},
   * {@code restart-cluster}) and waits until that has ended the job; returns its submission id.
   */
  private String endedByTheCluster(String id, String route) {
    sandbox.ray().planJobs(id, JobPlan.endless());
    String sid = submit(id, "{\"entrypoint\": \"serve\"}").data().get("submission_id").asString();
    awaitJob(id, sid, "RUNNING");
    assertThat(api.post("/cluster/" + route + "/" + id, null, Api.USER).status()).isEqualTo(202);
    awaitJob(id, sid, "STOPPED");
    return sid;
  }

  /**
   * The cluster's next jobs are PENDING for 100 ms, then run for {@code running} (null: endless).
   */
  private void planJobs(String id, Duration running, String finalStatus, List<String> output) {
    sandbox.ray().planJobs(id, new JobPlan(Duration.ofMillis(100), running, finalStatus, output));
  }

  /** {@code line 0}, {@code line 1}, ...: a job's output whose every line can be told apart. */
  private static List<String> numberedLines(int count) {
    return java.util.stream.IntStream.range(0, count).mapToObj(i -> "line " + i).toList();
  }

  /** A request for a job's followed log, as the user's own client sends it. */
  private HttpRequest.Builder follow(String clusterId, String submissionId) {
    return HttpRequest.newBuilder(
            URI.create(
                "http://127.0.0.1:"
                    + port
                    + "/cluster/"
                    + clusterId
                    + "/jobs/"
                    + submissionId
                    + "/logs?follow=true"))
        .header("msd-user", Api.USER);
  }

  /**
   * A job's whole followed log, waited for at most 30 s. (A request's own timeout ends with the
   * answer's headers: a stream that never ends would hold the test for the follow timeout, an
   * hour.)
   */
  /** A job's followed log, being received. */
  private java.util.concurrent.CompletableFuture<HttpResponse<String>> following(
      String clusterId, String submissionId) {
    return HttpClient.newHttpClient()
        .sendAsync(follow(clusterId, submissionId).build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> followed(String clusterId, String submissionId) throws Exception {
    var answer = following(clusterId, submissionId);
    try {
      return answer.get(30, java.util.concurrent.TimeUnit.SECONDS);
    } finally {
      answer.cancel(true);
    }
  }

  @Test
  void aNinthFollowerIsNotQueuedBehindEightOpenStreams() throws Exception {
    String id = activeCluster("job-many");
    planJobs(id, null, "SUCCEEDED", List.of("working"));
    HttpClient http = HttpClient.newHttpClient();
    List<String> sids = new java.util.ArrayList<>();
    List<HttpResponse<java.io.InputStream>> open = new java.util.ArrayList<>();
    try {
      for (int i = 0; i < 9; i++) {
        String sid =
            submit(id, "{\"entrypoint\": \"serve\"}").data().get("submission_id").asString();
        sids.add(sid);
        // Each stream's headers arrive while the eight before it are still open.
        open.add(
            http.sendAsync(follow(id, sid).build(), HttpResponse.BodyHandlers.ofInputStream())
                .get(15, java.util.concurrent.TimeUnit.SECONDS));
      }
      assertThat(open).extracting(HttpResponse::statusCode).containsOnly(200);
    } finally {
      for (String sid : sids) {
        api.post("/cluster/" + id + "/jobs/" + sid + "/stop", null, Api.USER);
      }
      for (var response : open) {
        response.body().close();
      }
    }
  }

  @Test
  void aFollowerThatLeavesEndsItsStreamAtTheNextPieceWithoutAnIncident(CapturedOutput output)
      throws Exception {
    String id = activeCluster("job-left");
    planJobs(id, Duration.ofSeconds(8), "SUCCEEDED", numberedLines(40));
    String sid = submit(id, "{\"entrypoint\": \"train\"}").data().get("submission_id").asString();
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(15_000);
      socket
          .getOutputStream()
          .write(
              ("GET /cluster/"
                      + id
                      + "/jobs/"
                      + sid
                      + "/logs?follow=true HTTP/1.1\r\nHost: 127.0.0.1\r\nmsd-user: "
                      + Api.USER
                      + "\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      InputStream in = socket.getInputStream();
      StringBuilder seen = new StringBuilder();
      while (!seen.toString().contains("line 0")) {
        int b = in.read();
        assertThat(b).as(seen.toString()).isNotNegative();
        seen.append((char) b);
      }
      socket.setSoLinger(true, 0); // a reset: the client is gone
    }
    // The next piece of the log finds no one: the stream ends there, as an answer no one reads.
    String answered = "GET /cluster/" + id + "/jobs/" + sid + "/logs";
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(() -> assertThat(output.getOut()).contains(answered));
    assertThat(output.getOut()).doesNotContain("Unexpected error");
  }

  @Test
  void followedLogsArriveWhileTheJobRuns() throws Exception {
    String id = activeCluster("job-live");
    planJobs(id, null, "SUCCEEDED", List.of("working"));
    String sid = submit(id, "{\"entrypoint\": \"serve\"}").data().get("submission_id").asString();
    HttpResponse<java.io.InputStream> stream =
        HttpClient.newHttpClient()
            .sendAsync(follow(id, sid).build(), HttpResponse.BodyHandlers.ofInputStream())
            .get(15, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(stream.statusCode()).isEqualTo(200);
    try (var lines =
        new java.io.BufferedReader(
            new java.io.InputStreamReader(
                stream.body(), java.nio.charset.StandardCharsets.UTF_8))) {
      // The job never ends by itself: what arrives came while it runs, not at its end.
      java.util.concurrent.CompletableFuture<String> firstLines =
          java.util.concurrent.CompletableFuture.supplyAsync(
              () -> {
                try {
                  return lines.readLine() + "\n" + lines.readLine();
                } catch (java.io.IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
              });
      assertThat(firstLines.get(15, java.util.concurrent.TimeUnit.SECONDS))
          .isEqualTo("[simulated Ray] running: serve\nworking");
      assertThat(api.get("/cluster/" + id + "/jobs/" + sid).data().get("status").asString())
          .isEqualTo("RUNNING");
    } finally {
      api.post("/cluster/" + id + "/jobs/" + sid + "/stop", null, Api.USER);
    }
  }

  @Test
  void followedLogsStreamUntilTheJobEnds(CapturedOutput output) throws Exception {
    String id = activeCluster("job-follow");
    planJobs(id, Duration.ofMillis(3000), "SUCCEEDED", List.of("a", "b", "c"));
    String sid =
        submit(id, "{\"entrypoint\": \"echo abc\"}").data().get("submission_id").asString();
    HttpResponse<String> streamed = followed(id, sid);
    assertThat(streamed.statusCode()).isEqualTo(200);
    assertThat(streamed.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
    assertThat(streamed.body())
        .isEqualTo("[simulated Ray] running: echo abc\na\nb\nc\n[simulated Ray] job SUCCEEDED\n");
    // Through Ray's log stream: not downloaded whole every follow-interval (200 ms here) for three
    // seconds, but to begin and once more after the stream closed (checking the request reads
    // the job, not its log).
    assertThat(sandbox.ray().logStreams(id)).isEqualTo(1);
    assertThat(sandbox.ray().logDownloads(id)).isLessThanOrEqualTo(2);
    // One access line, once the stream has ended, with its request id.
    String requestId = streamed.headers().firstValue("X-Request-Id").orElseThrow();
    String line = "GET /cluster/" + id + "/jobs/" + sid + "/logs 200 ";
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(output.getOut().lines().filter(l -> l.contains(line)).toList())
                    .singleElement()
                    .asString()
                    .contains("[" + requestId + ","));
  }

  @ParameterizedTest
  @EnumSource(
      value = FakeRayServices.LogStreaming.class,
      names = {"REFUSED", "BREAKS_OFF"})
  void followedLogsArriveWholeWhereTheDashboardDoesNotStreamThem(
      FakeRayServices.LogStreaming streaming) throws Exception {
    String id = activeCluster("job-poll-" + streaming.ordinal());
    sandbox.ray().streamLogs(id, streaming);
    // 4 s: more than three downloads within it, on a loaded machine too.
    planJobs(id, Duration.ofMillis(4000), "SUCCEEDED", List.of("one", "two", "three", "four"));
    String sid = submit(id, "{\"entrypoint\": \"count\"}").data().get("submission_id").asString();
    HttpResponse<String> streamed = followed(id, sid);
    // Every line once, in order, however the pieces came (downloaded, or streamed in part).
    assertThat(streamed.body())
        .isEqualTo(
            "[simulated Ray] running: count\none\ntwo\nthree\nfour\n[simulated Ray] job"
                + " SUCCEEDED\n");
    if (streaming == FakeRayServices.LogStreaming.REFUSED) {
      assertThat(sandbox.ray().logStreams(id)).isZero();
      assertThat(sandbox.ray().logDownloads(id)).isGreaterThan(3);
    } else {
      // Connected again after each break, not polled from then on.
      assertThat(sandbox.ray().logStreams(id)).isGreaterThan(1);
    }
  }

  @Test
  void aFollowedLogGoesOnAcrossAMomentWhenTheDashboardFails() throws Exception {
    String id = activeCluster("job-follow-blip");
    // Downloaded whole at every turn (the dashboard, or a proxy before it, refuses to stream).
    sandbox.ray().streamLogs(id, FakeRayServices.LogStreaming.REFUSED);
    planJobs(id, Duration.ofMillis(4000), "SUCCEEDED", List.of("one", "two", "three", "four"));
    String sid = submit(id, "{\"entrypoint\": \"count\"}").data().get("submission_id").asString();
    var streamed = following(id, sid);
    try {
      await().atMost(Duration.ofSeconds(10)).until(() -> sandbox.ray().logDownloads(id) >= 2);
      // A proxy's 502 or a busy head's timeout while the job runs: several turns of the follow
      // (every 200 ms here) fail before the dashboard answers again.
      sandbox.ray().fail(id, 503);
      int before = sandbox.ray().requestCount(id);
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> sandbox.ray().requestCount(id) >= before + 4);
      sandbox.ray().fail(id, 0);
      HttpResponse<String> answer = streamed.get(30, java.util.concurrent.TimeUnit.SECONDS);
      assertThat(answer.body())
          .isEqualTo(
              "[simulated Ray] running: count\none\ntwo\nthree\nfour\n[simulated Ray] job"
                  + " SUCCEEDED\n");
    } finally {
      sandbox.ray().fail(id, 0);
      streamed.cancel(true);
    }
  }

  @Test
  void aFollowedLogWhoseLastDownloadsFailAfterItsJobEndedWaitsForTheirEnd() throws Exception {
    String id = activeCluster("job-follow-last");
    sandbox.ray().streamLogs(id, FakeRayServices.LogStreaming.REFUSED);
    // Runs until stopped below: a job that ended by itself could end, on a loaded machine, before
    // the downloads are made to fail, and the follow would then end with it.
    planJobs(id, null, "SUCCEEDED", List.of("one"));
    String sid = submit(id, "{\"entrypoint\": \"count\"}").data().get("submission_id").asString();
    var streamed = following(id, sid);
    try {
      await().atMost(Duration.ofSeconds(10)).until(() -> sandbox.ray().logDownloads(id) >= 2);
      // The status of the job is answered, its log is not (too large to come within the request
      // timeout, on a busy head): the job is stopped meanwhile, and several turns fail after that.
      sandbox.ray().failLogDownloads(id, 504);
      Api.Response stopped = api.post("/cluster/" + id + "/jobs/" + sid + "/stop", null, Api.USER);
      assertThat(stopped.status()).as(stopped.raw()).isEqualTo(200);
      awaitJob(id, sid, "STOPPED");
      int failed = sandbox.ray().failedLogDownloads(id);
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> sandbox.ray().failedLogDownloads(id) >= failed + 3);
      assertThat(streamed).isNotDone();
      sandbox.ray().failLogDownloads(id, 0);
      assertThat(streamed.get(30, java.util.concurrent.TimeUnit.SECONDS).body())
          .isEqualTo("[simulated Ray] running: count\none\n[simulated Ray] job STOPPED\n");
    } finally {
      sandbox.ray().failLogDownloads(id, 0);
      streamed.cancel(true);
    }
  }

  @Test
  void aFollowEndsWithItsJobWhenRaysStreamStallsInsteadOfClosing() throws Exception {
    String id = activeCluster("job-stall");
    sandbox.ray().streamLogs(id, FakeRayServices.LogStreaming.STALLS);
    planJobs(id, Duration.ofMillis(1000), "FAILED", List.of("x"));
    String sid = submit(id, "{\"entrypoint\": \"stall\"}").data().get("submission_id").asString();
    // The follow timeout is an hour: a follow waiting on the open stream would time this out.
    HttpResponse<String> streamed = followed(id, sid);
    assertThat(streamed.body())
        .isEqualTo("[simulated Ray] running: stall\nx\n[simulated Ray] job FAILED\n");
    assertThat(sandbox.ray().logStreams(id)).isEqualTo(1);
  }

  @Test
  void aLogLongerThanTheDownloadLimitIsItsLastPartAfterATruncationLine() throws Exception {
    // Ray before 2.5x sends a driver's whole log; it was held in the heap several times over.
    // compute.jobs.max-log-download is 64KB here.
    String id = activeCluster("job-huge");
    planJobs(id, Duration.ofMillis(300), "SUCCEEDED", numberedLines(20_000));
    String sid = submit(id, "{\"entrypoint\": \"huge\"}").data().get("submission_id").asString();
    awaitJob(id, sid, "SUCCEEDED");

    String logs =
        api.get("/cluster/" + id + "/jobs/" + sid + "/logs").data().get("logs").asString();
    assertThat(logs)
        .startsWith("[LOG TRUNCATED by the control plane: the last ")
        .endsWith("line 19999\n[simulated Ray] job SUCCEEDED\n");
    assertThat(logs.length()).isLessThan(64 * 1024 + 100);
    // Whole lines, each once and in order, up to the last.
    String kept = logs.substring(logs.indexOf("]\n") + 2);
    Matcher first = Pattern.compile("^line (\\d+)\n").matcher(kept);
    assertThat(first.find()).as(kept.substring(0, 40)).isTrue();
    int from = Integer.parseInt(first.group(1));
    StringBuilder expected = new StringBuilder();
    for (int i = from; i < 20_000; i++) {
      expected.append("line ").append(i).append('\n');
    }
    assertThat(kept).isEqualTo(expected + "[simulated Ray] job SUCCEEDED\n");
    assertThat(
            api.get("/cluster/" + id + "/jobs/" + sid + "/logs?tail=1")
                .data()
                .get("logs")
                .asString())
        .isEqualTo("[simulated Ray] job SUCCEEDED\n");
  }

  @Test
  void aFollowedLogLongerThanRaysDownloadsGoesOnWhereItsDownloadEnded() throws Exception {
    String id = activeCluster("job-long");
    sandbox.ray().limitLogDownloads(id, 2500); // as Ray past RAY_JOB_LOG_MAX_READ_BYTES
    followedPastItsFirstDownload(id, 1000, 400, "[LOG TRUNCATED — showing last 2500");
  }

  @Test
  void aFollowedLogLongerThanTheDownloadLimitGoesOnWhereItsDownloadEnded() throws Exception {
    // Ray before 2.5x sends it whole; the control plane keeps its last 64KB here. Line 7000 is
    // past them.
    String id = activeCluster("job-longer");
    followedPastItsFirstDownload(
        id, 12_000, 7000, "[LOG TRUNCATED by the control plane: the last ");
  }

  /**
   * Follows a job writing {@code lines} numbered lines once its log is past line {@code past}, so
   * that its first download is shortened: the follow starts with that download's truncation line,
   * then each line from the first it showed to the last, once and in order.
   */
  private void followedPastItsFirstDownload(String id, int lines, int past, String truncated)
      throws Exception {
    planJobs(id, Duration.ofSeconds(4), "SUCCEEDED", numberedLines(lines));
    String sid = submit(id, "{\"entrypoint\": \"long\"}").data().get("submission_id").asString();
    Pattern line = Pattern.compile("line (\\d+)");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> {
              Matcher last =
                  line.matcher(
                      api.get("/cluster/" + id + "/jobs/" + sid + "/logs?tail=1")
                          .data()
                          .get("logs")
                          .asString());
              return last.find() && Integer.parseInt(last.group(1)) >= past;
            });
    String body = followed(id, sid).body();
    assertThat(body).startsWith(truncated).endsWith("[simulated Ray] job SUCCEEDED\n");
    // The stream, which starts at the log's first line, was placed by content, not by length.
    List<Integer> shown = new ArrayList<>();
    for (Matcher m = line.matcher(body); m.find(); ) {
      shown.add(Integer.parseInt(m.group(1)));
    }
    assertThat(shown).isNotEmpty();
    int first = shown.get(0);
    assertThat(first).isPositive();
    assertThat(shown)
        .containsExactlyElementsOf(java.util.stream.IntStream.range(first, lines).boxed().toList());
    assertThat(sandbox.ray().logStreams(id)).isEqualTo(1);
  }

  private static final String PACKAGE = "/jobs/packages/_ray_pkg_0123456789abcdef.zip";

  /**
   * Sends the headers of an upload of {@code length} bytes with "Expect: 100-continue", as curl
   * does for large bodies, and no body; returns the first answer's status line and body. (Not
   * through the JDK's client: on JDK 17 it waits for ever when the answer is not a 100.)
   */
  private String uploadHeadersOnly(String clusterId, long length) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(30_000);
      String head =
          "PUT /cluster/"
              + clusterId
              + PACKAGE
              + " HTTP/1.1\r\nHost: 127.0.0.1\r\nmsd-user: "
              + Api.USER
              + "\r\nContent-Type: application/zip\r\nContent-Length: "
              + length
              + "\r\nExpect: 100-continue\r\n\r\n";
      socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      InputStream in = socket.getInputStream();
      StringBuilder answer = new StringBuilder();
      while (!answer.toString().endsWith("\r\n\r\n")) {
        int b = in.read();
        if (b < 0) {
          break;
        }
        answer.append((char) b);
      }
      Matcher bodyLength = Pattern.compile("(?i)content-length: *(\\d+)").matcher(answer);
      if (bodyLength.find()) {
        answer.append(
            new String(
                in.readNBytes(Integer.parseInt(bodyLength.group(1))), StandardCharsets.UTF_8));
      }
      return answer.toString();
    }
  }

  @Test
  void aRefusedUploadIsAnsweredInTheEnvelopeHoweverLargeItsBody() throws Exception {
    // Not active: refused before the body is read.
    String stopped = createStopped("job-upl");
    // A client that waits for "100 Continue" is answered without being asked for the body:
    // Tomcat's default sent the 100 as soon as the headers came.
    assertThat(uploadHeadersOnly(stopped, 3L * 1024 * 1024))
        .startsWith("HTTP/1.1 409")
        .contains("is not active");
    // Larger than compute.jobs.max-package-size (100MB): refused on its Content-Length.
    String id = activeCluster("job-big");
    assertThat(uploadHeadersOnly(id, 200L * 1024 * 1024))
        .startsWith("HTTP/1.1 400")
        .contains("is larger than", "compute.jobs.max-package-size");
    // Exactly 100 MiB: Ray's dashboard refuses a body of its limit or more, so this service does.
    assertThat(uploadHeadersOnly(id, 100L * 1024 * 1024))
        .startsWith("HTTP/1.1 400")
        .contains("is larger than 104857599 bytes");
  }

  @Test
  void aLargeUploadWithoutALengthReachesRayWholeAndLeavesNothingBehind() throws Exception {
    String id = activeCluster("job-stream");
    // 24 MB that start as a zip does, sent in chunks (no Content-Length): measured as they come,
    // not on a declared length, and kept on disk, not in the heap, until Ray has them.
    byte[] block = new byte[1 << 20];
    new Random(42).nextBytes(block);
    block[0] = 'P';
    block[1] = 'K';
    long total = 24L * block.length;
    MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
    for (long sent = 0; sent < total; sent += block.length) {
      sha256.update(block);
    }
    long spoolsBefore = spoolFiles();

    HttpResponse<String> answer =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/cluster/" + id + PACKAGE))
                    .header("msd-user", Api.USER)
                    .header("Content-Type", "application/zip")
                    .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> repeat(block, total)))
                    .build(),
                HttpResponse.BodyHandlers.ofString());

    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    JsonNode data = JsonMapper.builder().build().readTree(answer.body()).get("data");
    assertThat(data.get("uri").asString()).isEqualTo("gcs://_ray_pkg_0123456789abcdef.zip");
    assertThat(data.get("size").asLong()).isEqualTo(total);
    assertThat(sandbox.ray().packageSha256(id, "_ray_pkg_0123456789abcdef.zip"))
        .hasValue(HexFormat.of().formatHex(sha256.digest()));
    assertThat(spoolFiles()).isEqualTo(spoolsBefore);
  }

  @Test
  void uploadsBeyondTheLimitAreRefusedAndOnesThatBreakOffFreeTheirPlace(CapturedOutput output)
      throws Exception {
    String id = activeCluster("job-busy");
    long spoolsBefore = spoolFiles();
    // compute.jobs.max-concurrent-uploads (4) uploads that send a first piece and then nothing
    // (within Tomcat's 60 s connection timeout, which would answer them a 408 and free them).
    List<Socket> stalled = new ArrayList<>();
    try {
      for (int i = 0; i < 4; i++) {
        Socket socket = new Socket("127.0.0.1", port);
        String head =
            "PUT /cluster/"
                + id
                + PACKAGE
                + " HTTP/1.1\r\nHost: 127.0.0.1\r\nmsd-user: "
                + Api.USER
                + "\r\nContent-Type: application/zip\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "6\r\nPK1234\r\n";
        socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        stalled.add(socket);
      }
      // A fifth is refused before its body is read, once the four are being read.
      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(
              () -> {
                Api.Response busy = upload(id, "PK34");
                assertThat(busy.status()).as(busy.raw()).isEqualTo(503);
                assertThat(busy.data().get("code").asString()).isEqualTo("TOO_MANY_UPLOADS");
                // Each of the four waits in a file of its own, in the configured directory.
                assertThat(spoolFiles()).isEqualTo(spoolsBefore + 4);
              });
    } finally {
      for (Socket socket : stalled) {
        socket.setSoLinger(true, 0); // a reset: the client is gone
        socket.close();
      }
    }
    // Their places are free again and their files gone; a client that left is no incident.
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              Api.Response next = upload(id, "PK" + "x".repeat(64));
              assertThat(next.status()).as(next.raw()).isEqualTo(200);
              assertThat(spoolFiles()).isEqualTo(spoolsBefore);
              // All four answered (the access log's line comes last), before the log is read.
              assertThat(
                      output
                          .getOut()
                          .lines()
                          .filter(l -> l.contains("PUT /cluster/" + id + PACKAGE + " 40")))
                  .hasSizeGreaterThanOrEqualTo(4);
            });
    assertThat(output.getOut())
        .doesNotContain("Unexpected error")
        .doesNotContain("Database unavailable");
  }

  private Api.Response upload(String clusterId, String body) {
    return api.put(
        "/cluster/" + clusterId + PACKAGE,
        body.getBytes(StandardCharsets.US_ASCII),
        "application/zip",
        Api.USER);
  }

  /** {@code total} bytes: {@code block} over and over. */
  private static InputStream repeat(byte[] block, long total) {
    return new InputStream() {
      private long position;

      @Override
      public int read() {
        return position < total ? block[(int) (position++ % block.length)] & 0xff : -1;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (position >= total) {
          return -1;
        }
        int offset = (int) (position % block.length);
        int n = (int) Math.min(len, Math.min(block.length - offset, total - position));
        System.arraycopy(block, offset, b, off, n);
        position += n;
        return n;
      }
    };
  }

  /** The service's spooled uploads, in this test JVM's own spool directory. */
  private long spoolFiles() throws IOException {
    try (Stream<Path> files = Files.list(jobProperties.spoolDirectory())) {
      return files
          .filter(f -> f.getFileName().toString().startsWith("darwin-ray-package-"))
          .count();
    }
  }

  @Test
  void badInputIsA4xxInTheEnvelope() {
    String id = activeCluster("job-bad");
    assertThat(submit(id, "{}").status()).isEqualTo(400);
    Api.Response negative = submit(id, "{\"entrypoint\": \"x\", \"entrypoint_num_cpus\": -1}");
    assertThat(negative.status()).isEqualTo(400);
    assertThat(negative.data().get("errors").get(0).get("field").asString())
        .isEqualTo("entrypoint_num_cpus");
    assertThat(submit(id, "{\"entrypoint\": \"x\", \"submission_id\": \"a b;rm\"}").status())
        .isEqualTo(400);
    // Dot segments: the URLs of the job would be normalised away, so it could never be read again.
    for (String dots : List.of(".", "..")) {
      Api.Response r = submit(id, "{\"entrypoint\": \"x\", \"submission_id\": \"" + dots + "\"}");
      assertThat(r.status()).as(r.raw()).isEqualTo(400);
      assertThat(r.raw()).contains("submission_id");
    }
    assertThat(submit(id, "{\"entrypoint\": \"x\", \"submission_id\": \"...\"}").status())
        .isEqualTo(200);
    // The shape of a Ray job id, which Ray's dashboard looks up first as another job's driver.
    Api.Response driverLike =
        submit(id, "{\"entrypoint\": \"x\", \"submission_id\": \"03000000\"}");
    assertThat(driverLike.status()).as(driverLike.raw()).isEqualTo(400);
    assertThat(driverLike.raw()).contains("submission_id", "Ray job id");
    assertThat(submit(id, "{\"entrypoint\": \"x\", \"submission_id\": \"0300000g\"}").status())
        .isEqualTo(200);
    // Values Ray takes only as strings and numbers: refused here, before a row holds the id.
    String nullMetadata =
        "{\"entrypoint\": \"x\", \"submission_id\": \"meta-null\", \"metadata\": {\"k\": null}}";
    assertThat(submit(id, nullMetadata).status()).isEqualTo(400);
    assertThat(
            submit(
                    id,
                    "{\"entrypoint\": \"x\", \"submission_id\": \"meta-null\","
                        + " \"entrypoint_resources\": {\"accel\": null}}")
                .status())
        .isEqualTo(400);
    // JSON escapes: a lone surrogate would be stored as '?', a NUL breaks what carries it.
    assertThat(submit(id, nullMetadata.replace("null}", "\"\\ud800\"}")).status()).isEqualTo(400);
    assertThat(
            submit(
                    id,
                    "{\"entrypoint\": \"x\", \"submission_id\": \"meta-null\","
                        + " \"runtime_env\": {\"env_vars\": {\"A\": \"x\\u0000\"}}}")
                .status())
        .isEqualTo(400);
    // Sizes: a runtime_env is handed to every worker and carried by every read of the job (a 20 MB
    // one was taken, and each list of the cluster's jobs then carried it).
    Api.Response hugeEnv =
        submit(
            id,
            "{\"entrypoint\": \"x\", \"submission_id\": \"meta-null\","
                + " \"runtime_env\": {\"env_vars\": {\"A\": \""
                + "y".repeat(70_000)
                + "\"}}}");
    assertThat(hugeEnv.status()).as(hugeEnv.raw()).isEqualTo(400);
    assertThat(hugeEnv.message()).contains("runtime_env", "compute.jobs.max-runtime-env");
    StringBuilder manyEntries = new StringBuilder("{\"k0\": \"v\"");
    for (int i = 1; i <= 64; i++) {
      manyEntries.append(", \"k").append(i).append("\": \"v\"");
    }
    Api.Response manyMetadata =
        submit(
            id,
            "{\"entrypoint\": \"x\", \"submission_id\": \"meta-null\", \"metadata\": "
                + manyEntries
                + "}}");
    assertThat(manyMetadata.status()).as(manyMetadata.raw()).isEqualTo(400);
    assertThat(manyMetadata.data().get("errors").get(0).get("field").asString())
        .isEqualTo("metadata");
    assertThat(api.get("/cluster/" + id + "/jobs/meta-null", Api.USER).status()).isEqualTo(404);
    Api.Response corrected = submit(id, nullMetadata.replace("null}", "\"v\"}"));
    assertThat(corrected.status()).as(corrected.raw()).isEqualTo(200);
    // No identity: refused before anything is submitted.
    assertThat(
            api.post("/cluster/" + id + "/jobs", "{\"entrypoint\": \"x\"}", Api.NO_IDENTITY)
                .status())
        .isEqualTo(401);
    assertThat(submit("id-doesnotexist0000", "{\"entrypoint\": \"x\"}").status()).isEqualTo(404);
    assertThat(api.get("/cluster/" + id + "/jobs/nope").status()).isEqualTo(404);
    assertThat(api.get("/cluster/" + id + "/jobs/nope/logs?tail=-1").status()).isEqualTo(400);
    Api.Response badPackage = api.put("/cluster/" + id + "/jobs/packages/evil.zip", "x", Api.USER);
    assertThat(badPackage.status()).isIn(400, 415);
  }
}
