package com.darwin.compute.core.podexec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
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
  void aStopEndsTheProgramAndWhatItStartedAlsoInASessionOfItsOwn() throws Exception {
    long taskId = taskId();
    Path children = Files.createTempFile("inpod-children", ".pids");
    // The program leaves processes of its own: one in its process group (as `sleep 60 &` in a
    // command's lines would), and, where setsid(1) is here, one in a session of its own, out of
    // reach of timeout's signals.
    String leave =
        new File("/usr/bin/setsid").canExecute() || new File("/bin/setsid").canExecute()
            ? "sleep 60 & a=$!; setsid sleep 60 & echo \"$a $!\" > \"$0\"; wait"
            : "sleep 60 & echo $! > \"$0\"; wait";
    Process wrapper =
        new ProcessBuilder(
                InPodTimeout.wrap(
                    taskId,
                    List.of("sh", "-c", leave, children.toString()),
                    Duration.ofSeconds(60)))
            .redirectErrorStream(true)
            .start();
    await(() -> Files.size(children) > 0 && Files.readString(children).endsWith("\n"));
    List<Long> left =
        Arrays.stream(Files.readString(children).strip().split(" ")).map(Long::parseLong).toList();

    Run stop = runPlain(InPodStop.argv(taskId));

    assertThat(stop.exitCode()).as(stop.output()).isZero();
    assertThat(wrapper.waitFor(20, TimeUnit.SECONDS)).as("stopped within 20 s").isTrue();
    assertThat(wrapper.exitValue()).isEqualTo(128 + 15); // TERM, passed on by timeout
    for (long pid : left) {
      await(() -> ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true));
    }
    Files.deleteIfExists(children);
  }

  @Test
  void aStopFindsOnlyItsOwnTasksProcessesAndSaysWhenThereIsNone() throws Exception {
    Run none = runPlain(InPodStop.argv(taskId()));
    assertThat(none.exitCode()).as("nothing ran under this id").isEqualTo(InPodStop.NOTHING_FOUND);
    // Environments it could not read are no error of its own.
    assertThat(none.output()).isEmpty();

    // Task 10n+3 runs; task n's marker is the start of its marker, and must not match it.
    long shorter = taskId();
    long longer = shorter * 10 + 3;
    Process wrapper =
        new ProcessBuilder(
                InPodTimeout.wrap(longer, List.of("sleep", "60"), Duration.ofSeconds(60)))
            .redirectErrorStream(true)
            .start();
    try {
      await(() -> carriesMarker(wrapper.pid(), longer));
      assertThat(runPlain(InPodStop.argv(shorter)).exitCode()).isEqualTo(InPodStop.NOTHING_FOUND);
      assertThat(wrapper.waitFor(1, TimeUnit.SECONDS)).as("the other task runs on").isFalse();

      assertThat(runPlain(InPodStop.argv(longer)).exitCode()).isZero();
      assertThat(wrapper.waitFor(20, TimeUnit.SECONDS)).isTrue();
      assertThat(wrapper.exitValue()).isEqualTo(128 + 15);
    } finally {
      wrapper.destroyForcibly();
    }
  }

  @Test
  void aProcessOutOfTimeoutsReachThatIgnoresTermIsKilledByTheStopAfterTheGrace() throws Exception {
    assumeTrue(
        new File("/usr/bin/setsid").canExecute() || new File("/bin/setsid").canExecute(),
        "needs setsid(1)");
    long taskId = taskId();
    Path child = Files.createTempFile("inpod-stubborn", ".pid");
    // In a session of its own, so timeout's KILL to its group does not reach it: only the stop's.
    Process wrapper =
        new ProcessBuilder(
                InPodTimeout.wrap(
                    taskId,
                    List.of(
                        "sh",
                        "-c",
                        "setsid sh -c \"$1\" & echo $! > \"$0\"; wait",
                        child.toString(),
                        "trap '' TERM; while :; do sleep 1; done"),
                    Duration.ofSeconds(120)))
            .redirectErrorStream(true)
            .start();
    try {
      await(() -> Files.readString(child).endsWith("\n"));
      long stubborn = Long.parseLong(Files.readString(child).strip());
      await(() -> carriesMarker(stubborn, taskId));
      long begin = System.nanoTime();

      Run stop = runPlain(InPodStop.argv(taskId));

      assertThat(stop.exitCode()).as(stop.output()).isZero();
      assertThat(Duration.ofNanos(System.nanoTime() - begin))
          .as("it waited for TERM to be heeded first")
          .isGreaterThanOrEqualTo(InPodTimeout.KILL_AFTER.minusSeconds(1));
      assertThat(wrapper.waitFor(20, TimeUnit.SECONDS)).isTrue();
      await(() -> ProcessHandle.of(stubborn).map(h -> !h.isAlive()).orElse(true));
    } finally {
      wrapper.destroyForcibly();
      Files.deleteIfExists(child);
    }
  }

  @Test
  void aVariableThatMerelyContainsTheMarkerIsNotIt() throws Exception {
    long taskId = taskId();
    ProcessBuilder lookalike = new ProcessBuilder("sleep", "30");
    lookalike
        .environment()
        .put("OTHER", InPodTimeout.ENV + "=" + InPodTimeout.marker(taskId) + ";");
    Process bystander = lookalike.start();
    try {
      assertThat(runPlain(InPodStop.argv(taskId)).exitCode()).isEqualTo(InPodStop.NOTHING_FOUND);
      assertThat(bystander.waitFor(1, TimeUnit.SECONDS)).as("the bystander runs on").isFalse();
    } finally {
      bystander.destroyForcibly();
    }
  }

  /** Whether the process has the task's marker in its environment (the wrapper has exec'd). */
  private static boolean carriesMarker(long pid, long taskId) throws IOException {
    Path environ = Path.of("/proc/" + pid + "/environ");
    return Files.exists(environ)
        && Files.readString(environ, StandardCharsets.ISO_8859_1)
            .contains(InPodTimeout.ENV + "=" + InPodTimeout.marker(taskId) + ";");
  }

  private static long taskId() {
    return ids.incrementAndGet();
  }

  private static Run runPlain(List<String> argv) throws Exception {
    long begin = System.nanoTime();
    Process process = new ProcessBuilder(argv).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
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
