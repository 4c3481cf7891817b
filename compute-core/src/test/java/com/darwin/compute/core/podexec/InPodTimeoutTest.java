package com.darwin.compute.core.podexec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The wrapper run by this machine's own shell and GNU timeout, as a pod's would run it. */
class InPodTimeoutTest {

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
        new ProcessBuilder(InPodTimeout.wrap(argv, timeout)).redirectErrorStream(true).start();
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
}
