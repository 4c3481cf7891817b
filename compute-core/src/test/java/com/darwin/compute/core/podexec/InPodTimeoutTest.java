package com.darwin.compute.core.podexec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The wrapper and the stop run by this machine's own shell and GNU timeout, as a pod's would run
 * them.
 */
class InPodTimeoutTest {

  private static final AtomicLong ids = new AtomicLong(System.nanoTime() & 0xffffffffL);

  private record Run(int exitCode, String output, Duration took) {}

  @BeforeAll
  static void gnuTimeoutIsHere() throws Exception {
    assumeTrue(new File("/bin/sh").canExecute(), "needs /bin/sh");
    boolean gnu;
    try {
      Process version =
          new ProcessBuilder("timeout", "--version").redirectErrorStream(true).start();
      version.getInputStream().readAllBytes();
      gnu = version.waitFor() == 0;
    } catch (IOException e) {
      gnu = false; // no timeout at all
    }
    assumeTrue(gnu, "needs GNU coreutils' timeout on this machine");
  }

  private static Run run(List<String> argv, Duration timeout) throws Exception {
    long begin = System.nanoTime();
    Process process =
        new ProcessBuilder(InPodTimeout.wrap(taskId(), argv, timeout))
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return new Run(process.exitValue(), output, Duration.ofNanos(System.nanoTime() - begin));
  }

  @Test
  void aProgramPastItsTimeoutIsStoppedWithStatus124() throws Exception {
    Run run = run(List.of("sleep", "20"), Duration.ofMillis(1_200));
    assertThat(run.exitCode()).isEqualTo(124);
    assertThat(run.took()).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(15));
    assertThat(InPodTimeout.stopped(run.exitCode(), run.took(), Duration.ofMillis(1_200))).isTrue();
  }

  @Test
  void theArgvIsPassedAsArgumentsNeverAsCode() throws Exception {
    String hostile = "a; echo injected $(id -u) `id -u` \"$0\" $@ > /tmp/x";
    Run run = run(List.of("printf", "%s|", hostile, "two words"), Duration.ofSeconds(5));
    assertThat(run.exitCode()).isZero();
    assertThat(run.output()).isEqualTo(hostile + "|two words|");
    // A program's own exit status comes back unchanged, and is not taken for timeout's.
    Run failing = run(List.of("sh", "-c", "exit 124"), Duration.ofSeconds(5));
    assertThat(failing.exitCode()).isEqualTo(124);
    assertThat(InPodTimeout.stopped(124, failing.took(), Duration.ofSeconds(5))).isFalse();
  }

  @Test
  void aStopEndsTheProgramAndWhatItStartedAndTheWrapperRemovesItsPidFile() throws Exception {
    long taskId = taskId();
    Path pidFile = Path.of(InPodTimeout.PID_DIR + InPodTimeout.marker(taskId));
    Path child = Files.createTempFile("inpod-child", ".pid");
    long begin = System.nanoTime();
    // The program leaves a process of its own (as `sleep 60 &` in a command's lines would).
    Process wrapper =
        new ProcessBuilder(
                InPodTimeout.wrap(
                    taskId,
                    List.of("sh", "-c", "sleep 60 & echo $! > \"$0\"; wait", child.toString()),
                    Duration.ofSeconds(60)))
            .redirectErrorStream(true)
            .start();
    await(() -> Files.size(child) > 0 && Files.exists(pidFile));
    long grandchild = Long.parseLong(Files.readString(child).strip());

    Run stop = runPlain(InPodStop.argv(taskId));

    assertThat(stop.exitCode()).isZero();
    assertThat(wrapper.waitFor(20, TimeUnit.SECONDS)).as("stopped within 20 s").isTrue();
    assertThat(wrapper.exitValue()).isEqualTo(128 + 15); // TERM, passed on by timeout
    assertThat(Duration.ofNanos(System.nanoTime() - begin)).isLessThan(Duration.ofSeconds(30));
    assertThat(pidFile).doesNotExist();
    // The whole process group got the signal, not only the program's shell.
    await(() -> ProcessHandle.of(grandchild).map(h -> !h.isAlive()).orElse(true));
    Files.deleteIfExists(child);
  }

  @Test
  void aStopFindingNoProgramOrAStaleFileSignalsNothing() throws Exception {
    // Nothing ran under this id: no file.
    assertThat(runPlain(InPodStop.argv(taskId())).exitCode()).isZero();

    // A file left by a wrapper killed outright, whose pids are now another program's.
    long taskId = taskId();
    Path pidFile = Path.of(InPodTimeout.PID_DIR + InPodTimeout.marker(taskId));
    Process bystander = new ProcessBuilder("sleep", "30").start();
    try {
      Files.writeString(pidFile, bystander.pid() + " " + bystander.pid() + "\n");
      assertThat(runPlain(InPodStop.argv(taskId)).exitCode()).isZero();
      assertThat(bystander.waitFor(1, TimeUnit.SECONDS)).as("the bystander runs on").isFalse();
    } finally {
      bystander.destroyForcibly();
      Files.deleteIfExists(pidFile);
    }
  }

  @Test
  void aProgramThatEndsLeavesNoPidFile() throws Exception {
    long taskId = taskId();
    Process process =
        new ProcessBuilder(
                InPodTimeout.wrap(taskId, List.of("sh", "-c", "exit 3"), Duration.ofSeconds(5)))
            .redirectErrorStream(true)
            .start();
    process.getInputStream().readAllBytes();
    assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isEqualTo(3);
    assertThat(Path.of(InPodTimeout.PID_DIR + InPodTimeout.marker(taskId))).doesNotExist();
  }

  private static long taskId() {
    return ids.incrementAndGet();
  }

  private static Run runPlain(List<String> argv) throws Exception {
    long begin = System.nanoTime();
    Process process = new ProcessBuilder(argv).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
    return new Run(process.exitValue(), output, Duration.ofNanos(System.nanoTime() - begin));
  }

  private interface Check {
    boolean holds() throws Exception;
  }

  private static void await(Check check) throws Exception {
    long until = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (!check.holds()) {
      assertThat(System.nanoTime()).as("waited 15 s").isLessThan(until);
      Thread.sleep(50);
    }
  }
}
