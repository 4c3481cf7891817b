package com.darwin.compute.core.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The init script's runner run by a real bash, as KubeRay runs it before {@code ray start}: it must
 * end, and run the script, whatever the script and the workspace do, since Ray starts only after
 * it.
 */
class InitScriptRunnerTest {

  @TempDir Path tmp;
  private Path scripts;
  private Path workspace;
  private String clusterId;

  @BeforeEach
  void needsBashAndTimeout() throws IOException {
    assumeTrue(
        onPath("bash") && onPath("timeout"), "needs bash and GNU timeout, as Ray images have");
    scripts = Files.createDirectories(tmp.resolve("init"));
    workspace = Files.createDirectories(tmp.resolve("fsx"));
    clusterId = "id-" + Long.toString(System.nanoTime(), 36);
  }

  private static boolean onPath(String program) {
    return Stream.of(System.getenv("PATH").split(":"))
        .anyMatch(dir -> Files.isExecutable(Path.of(dir, program)));
  }

  private record Run(int exitCode, Duration took) {}

  /** The runner with the ConfigMap's mount replaced by a folder of this test. */
  private Run runInit(String script, Duration timeout) throws Exception {
    Files.writeString(scripts.resolve("init.sh"), script);
    Path runner = scripts.resolve("run-init.sh");
    Files.writeString(
        runner,
        InitScriptConfigMap.runner(timeout)
            .replace(InitScriptConfigMap.MOUNT_PATH, scripts.toString()));
    ProcessBuilder process =
        new ProcessBuilder("bash", runner.toString()).redirectErrorStream(true);
    process.environment().put("WORKSPACE_DIR", workspace.toString());
    process.environment().put("CLUSTER_ID", clusterId);
    process.environment().put("MY_POD_NAME", "head-0");
    long start = System.nanoTime();
    Process p = process.start();
    p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
    boolean ended = p.waitFor(60, TimeUnit.SECONDS);
    if (!ended) {
      p.destroyForcibly();
    }
    assertThat(ended).as("the runner ended").isTrue();
    return new Run(p.exitValue(), Duration.ofNanos(System.nanoTime() - start));
  }

  private Path workspaceLog() {
    return workspace.resolve(".darwin/init-logs/" + clusterId + "-head-0.log");
  }

  @Test
  void aScriptThatSucceedsIsLoggedInTheWorkspace() throws Exception {
    Run run = runInit("echo hello from init\n", Duration.ofSeconds(30));

    assertThat(run.exitCode()).isZero();
    assertThat(Files.readString(workspaceLog()))
        .contains("init script started at", "hello from init", "init script succeeded at");
  }

  @Test
  void aScriptIgnoringTermIsKilledAfterItsTimeoutAndRayStartsAnyway() throws Exception {
    Run run = runInit("trap '' TERM\necho waiting\nsleep 60\n", Duration.ofSeconds(1));

    assertThat(run.exitCode()).isZero();
    assertThat(run.took())
        .isLessThan(Duration.ofSeconds(1 + InitScriptConfigMap.KILL_AFTER_SECONDS + 20));
    assertThat(Files.readString(workspaceLog())).contains("init script failed (exit code 137)");
  }

  @Test
  void aLogThatCannotBeWrittenInTheWorkspaceGoesToTmpAndTheScriptStillRuns() throws Exception {
    // The log's own name taken by a folder: opening it fails whoever the pod runs as (another
    // user's folder does the same to a pod that may not write there).
    Files.createDirectories(workspaceLog());
    Path ran = tmp.resolve("ran");
    Path tmpLog = Path.of("/tmp", clusterId + "-head-0.log");
    try {
      Run run = runInit("touch '" + ran + "'\n", Duration.ofSeconds(30));

      assertThat(run.exitCode()).isZero();
      assertThat(ran).as("the init script ran").exists();
      assertThat(Files.readString(tmpLog, StandardCharsets.UTF_8))
          .contains("init script succeeded at");
    } finally {
      Files.deleteIfExists(tmpLog);
    }
  }
}
