package com.darwin.compute.api.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import com.darwin.compute.api.ApiIntegrationTest;
import com.darwin.compute.api.ClusterRequests;
import com.darwin.compute.cli.ExitCodes;
import com.darwin.compute.sandbox.FakeRayServices.JobPlan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code compute job ...} as a new user runs it, following the README, on the sandbox. */
class JobCliIT extends ApiIntegrationTest {

  private CliRun compute(String... args) {
    String[] full = new String[args.length + 4];
    full[0] = "--url";
    full[1] = "http://127.0.0.1:" + port;
    full[2] = "--user";
    // The owner of the clusters these tests create (ClusterRequests): jobs are the owner's to
    // submit.
    full[3] = "user@example.com";
    System.arraycopy(args, 0, full, 4, args.length);
    return CliRun.of(Map.of(), full);
  }

  private String activeCluster(String prefix) {
    String id = create(ClusterRequests.quickStart(unique(prefix)));
    awaitStatus(id, "active");
    return id;
  }

  @Test
  void submitWaitListStatusLogsDelete() {
    String id = activeCluster("cli-job");
    // Long enough for --wait to see it running even on a busy machine.
    sandbox
        .ray()
        .planJobs(
            id,
            new JobPlan(
                Duration.ofMillis(200),
                Duration.ofSeconds(5),
                "SUCCEEDED",
                List.of("step 1/3", "step 2/3", "step 3/3")));
    CliRun submitted =
        compute(
            "job",
            "submit",
            id,
            "--num-cpus",
            "2",
            "--wait",
            "--timeout",
            "60s",
            "--",
            "python3",
            "-c",
            "print('hello world')");
    assertThat(submitted.exit()).as(submitted.toString()).isEqualTo(ExitCodes.OK);
    String sid = submitted.out().strip();
    assertThat(sid).startsWith("raysubmit_");
    assertThat(submitted.err()).contains("RUNNING").endsWith("Job " + sid + " SUCCEEDED\n");
    // The arguments became one shell line, quoted where needed, as `ray job submit` does.
    assertThat(sandbox.ray().submittedJobs(id).get(0))
        .containsEntry("entrypoint", "python3 -c 'print('\"'\"'hello world'\"'\"')'")
        .containsEntry("entrypoint_num_cpus", 2.0);

    CliRun list = compute("job", "list", id);
    assertThat(list.exit()).isZero();
    assertThat(list.out())
        .startsWith("SUBMISSION_ID")
        .contains(sid, "SUCCEEDED", "user@example.com");
    assertThat(compute("job", "status", id, sid).out()).isEqualTo("SUCCEEDED\n");
    CliRun tail = compute("job", "logs", id, sid, "--tail", "1");
    assertThat(tail.out()).isEqualTo("[simulated Ray] job SUCCEEDED\n");
    CliRun followed = compute("job", "logs", id, sid, "--follow");
    assertThat(followed.exit()).isZero();
    assertThat(followed.out()).contains("running: python3", "step 3/3");

    assertThat(compute("job", "delete", id, sid).out()).isEqualTo(sid + " deleted\n");
    assertThat(compute("job", "status", id, sid).exit()).isEqualTo(ExitCodes.NOT_FOUND);
  }

  /**
   * A log that grows past the download limit (64KB here) while it is followed: every line once and
   * in order. The client polled whole downloads and placed each by its length, which once the
   * downloads are the log's last part (after a truncation line) repeats or skips lines.
   */
  @Test
  void aFollowedLogLongerThanTheDownloadLimitIsPrintedWholeAndOnce() {
    String id = activeCluster("cli-job-long");
    List<String> lines =
        java.util.stream.IntStream.range(0, 12_000).mapToObj(i -> "line " + i).toList();
    sandbox
        .ray()
        .planJobs(
            id, new JobPlan(Duration.ofMillis(200), Duration.ofSeconds(4), "SUCCEEDED", lines));
    String sid = compute("job", "submit", id, "--", "long").out().strip();

    CliRun followed = compute("job", "logs", id, sid, "--follow");

    assertThat(followed.exit()).as(followed.err()).isZero();
    assertThat(followed.out())
        .isEqualTo(
            "[simulated Ray] running: long\n"
                + String.join("\n", lines)
                + "\n[simulated Ray] job SUCCEEDED\n");
  }

  /** --tail with --follow used to be ignored silently, printing a long log from its start. */
  @Test
  void aTailOfAFollowedLogIsAUsageError() {
    CliRun both = compute("job", "logs", "any-cluster", "any-job", "--follow", "--tail", "5");
    assertThat(both.exit()).as(both.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(both.err()).contains("--tail cannot be used with --follow");
    assertThat(both.out()).isEmpty();
  }

  /** A follow of a job that does not end stops at its timeout, with what the job wrote so far. */
  @Test
  void aFollowStopsAtItsTimeout() {
    String id = activeCluster("cli-job-endless");
    sandbox.ray().planJobs(id, JobPlan.endless());
    String sid = compute("job", "submit", id, "--", "serve").out().strip();

    long begin = System.nanoTime();
    CliRun followed = compute("job", "logs", id, sid, "--follow", "--timeout", "3s");

    assertThat(followed.exit()).as(followed.err()).isEqualTo(ExitCodes.TIMED_OUT);
    assertThat(Duration.ofNanos(System.nanoTime() - begin)).isLessThan(Duration.ofSeconds(20));
    assertThat(followed.out()).startsWith("[simulated Ray] running: serve\nworking");
    assertThat(compute("job", "stop", id, sid).exit()).isZero();
  }

  @Test
  void theFinalStatusIsTheExitCode() {
    String id = activeCluster("cli-job-fail");
    sandbox.ray().planJobs(id, JobPlan.failing());
    CliRun failed = compute("job", "submit", id, "--wait", "--", "python", "broken.py");
    assertThat(failed.exit()).as(failed.toString()).isEqualTo(ExitCodes.JOB_FAILED);
    assertThat(failed.err()).contains("FAILED");

    sandbox.ray().planJobs(id, JobPlan.endless());
    String sid = compute("job", "submit", id, "--", "serve").out().strip();
    CliRun stopped = compute("job", "stop", id, sid);
    assertThat(stopped.exit()).as(stopped.toString()).isZero();
    assertThat(stopped.out()).isEqualTo(sid + " STOPPED\n");
    assertThat(compute("job", "stop", id, sid).exit()).isEqualTo(ExitCodes.CONFLICT);
    assertThat(compute("job", "logs", id, sid, "--follow").exit()).isEqualTo(ExitCodes.JOB_STOPPED);
  }

  @Test
  void anOverProvisionedJobIsRejectedWithTheReason() {
    String id = activeCluster("cli-job-over");
    sandbox.ray().planJobs(id, JobPlan.endless()); // the first job still holds its worker
    CliRun rejected = compute("job", "submit", id, "--num-cpus", "4", "--", "python3", "tune.py");
    assertThat(rejected.exit()).as(rejected.toString()).isEqualTo(ExitCodes.REJECTED);
    assertThat(rejected.err())
        .contains("Largest node: worker group 1")
        .contains("entrypoint_num_cpus: asks for 4 CPUs");
    CliRun later = compute("job", "submit", id, "--num-cpus", "2", "--", "a");
    CliRun scaled = compute("job", "submit", id, "--num-cpus", "2", "--", "b");
    assertThat(later.exit()).isZero();
    assertThat(scaled.err()).contains("note: Fits only after scaling");
  }

  @Test
  void theWorkingDirectoryIsUploadedOnceAsRayDoes(@TempDir Path dir) throws Exception {
    String id = activeCluster("cli-job-dir");
    Files.writeString(dir.resolve("hello_world.py"), "print('hello')\n");
    Files.createDirectories(dir.resolve("lib"));
    Files.writeString(dir.resolve("lib/util.py"), "X = 1\n");
    CliRun first =
        compute(
            "job",
            "submit",
            id,
            "--working-dir",
            dir.toString(),
            "--",
            "python3",
            "hello_world.py");
    CliRun second =
        compute(
            "job",
            "submit",
            id,
            "--working-dir",
            dir.toString(),
            "--",
            "python3",
            "hello_world.py");
    assertThat(first.exit()).as(first.toString()).isZero();
    assertThat(second.exit()).as(second.toString()).isZero();
    String name = packageRunFrom(id);
    assertThat(name).matches("_ray_pkg_[0-9a-f]{16}\\.zip");
    String sid = first.out().strip();
    assertThat(compute("job", "status", id, sid, "-o", "json").out()).contains("gcs://" + name);
  }

  @Test
  void aWorkingDirectoryForAStoppedClusterStartedByTheSubmission(@TempDir Path dir)
      throws Exception {
    String id = createStopped("cli-job-dir-start");
    Files.writeString(dir.resolve("hello_world.py"), "print('hello')\n");
    // The package goes to the cluster's Ray dashboard: the cluster is started and awaited first.
    CliRun run =
        compute(
            "job",
            "submit",
            id,
            "--start",
            "--wait",
            "--timeout",
            "90s",
            "--working-dir",
            dir.toString(),
            "--",
            "python3",
            "hello_world.py");
    assertThat(run.exit()).as(run.toString()).isZero();
    assertThat(run.err()).contains("waiting until it is active to upload");
    packageRunFrom(id);
  }

  /** The one package the cluster's Ray holds, which its first job was sent to run from. */
  private String packageRunFrom(String id) {
    assertThat(sandbox.ray().packages(id)).hasSize(1);
    String name = sandbox.ray().packages(id).iterator().next();
    JsonNode sent =
        JsonMapper.builder().build().valueToTree(sandbox.ray().submittedJobs(id).get(0));
    assertThat(sent.get("runtime_env").get("working_dir").asString()).isEqualTo("gcs://" + name);
    return name;
  }

  @Test
  void aStoppedClusterIsAConflictUnlessStartIsAsked() {
    String id = createStopped("cli-job-stopped");
    CliRun refused = compute("job", "submit", id, "--", "python3", "x.py");
    assertThat(refused.exit()).as(refused.toString()).isEqualTo(ExitCodes.CONFLICT);
    assertThat(refused.err()).contains("is stopped");
    CliRun started =
        compute(
            "job", "submit", id, "--start", "--wait", "--timeout", "90s", "--", "python3", "x.py");
    assertThat(started.exit()).as(started.toString()).isZero();
    assertThat(started.err())
        .contains("note: the job is submitted once cluster " + id + " is active");
  }
}
