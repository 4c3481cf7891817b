package com.darwin.compute.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.darwin.compute.model.cluster.ClusterStatus;
import com.darwin.compute.sdk.ClusterWaitException;
import com.darwin.compute.sdk.ComputeException;
import com.darwin.compute.sdk.WaitProgress;
import com.darwin.compute.sdk.yaml.ClusterYamlException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

/** The CLI's own pieces; the commands are tested end to end in compute-api (ComputeCliIT). */
class CliPartsTest {

  @Test
  void durationsAsPeopleTypeThem() {
    DurationConverter convert = new DurationConverter();
    assertThat(convert.convert("90")).isEqualTo(Duration.ofSeconds(90));
    assertThat(convert.convert("30s")).isEqualTo(Duration.ofSeconds(30));
    assertThat(convert.convert("15m")).isEqualTo(Duration.ofMinutes(15));
    assertThat(convert.convert("2h")).isEqualTo(Duration.ofHours(2));
    assertThat(convert.convert("250ms")).isEqualTo(Duration.ofMillis(250));
    assertThat(convert.convert("PT1M30S")).isEqualTo(Duration.ofSeconds(90));
    assertThatThrownBy(() -> convert.convert("soon")).isInstanceOf(TypeConversionException.class);
    assertThatThrownBy(() -> convert.convert("5d")).isInstanceOf(TypeConversionException.class);
  }

  private static ComputeException http(int status) {
    return new ComputeException("GET", "/x", status, null, "r", List.of(), false, 1, null);
  }

  private static ClusterWaitException waitFailed(ClusterWaitException.Reason reason) {
    return new ClusterWaitException(
        reason, "id", ClusterStatus.ACTIVE, null, Duration.ZERO, "m", null);
  }

  @Test
  void exitCodesFollowWhatWentWrong() {
    assertThat(ExitCodes.of(new ClusterYamlException("f", List.of(), null)))
        .isEqualTo(ExitCodes.REJECTED);
    assertThat(ExitCodes.of(http(400))).isEqualTo(ExitCodes.REJECTED);
    assertThat(ExitCodes.of(http(403))).isEqualTo(ExitCodes.REJECTED);
    assertThat(ExitCodes.of(http(404))).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(ExitCodes.of(http(409))).isEqualTo(ExitCodes.CONFLICT);
    assertThat(ExitCodes.of(http(503))).isEqualTo(ExitCodes.UNAVAILABLE);
    assertThat(ExitCodes.of(http(0))).isEqualTo(ExitCodes.UNAVAILABLE);
    assertThat(ExitCodes.of(waitFailed(ClusterWaitException.Reason.TIMED_OUT)))
        .isEqualTo(ExitCodes.TIMED_OUT);
    assertThat(ExitCodes.of(waitFailed(ClusterWaitException.Reason.STOPPED)))
        .isEqualTo(ExitCodes.CLUSTER_FAILED);
    assertThat(ExitCodes.of(waitFailed(ClusterWaitException.Reason.DIED)))
        .isEqualTo(ExitCodes.CLUSTER_FAILED);
    assertThat(ExitCodes.of(new IllegalStateException())).isEqualTo(ExitCodes.USAGE);
  }

  private static WaitProgress progress(ClusterStatus status, ClusterStatus previous, long millis) {
    return new WaitProgress(
        "id-p",
        ClusterStatus.ACTIVE,
        status,
        previous,
        status != previous,
        Duration.ofMillis(millis),
        null);
  }

  @Test
  void progressInALogIsOneLinePerStatus() {
    StringWriter text = new StringWriter();
    ProgressDisplay display = new ProgressDisplay(new PrintWriter(text), false);
    display.accept(progress(ClusterStatus.CREATING, null, 3));
    display.accept(progress(ClusterStatus.CREATING, ClusterStatus.CREATING, 500));
    display.accept(progress(ClusterStatus.HEAD_NODE_UP, ClusterStatus.CREATING, 1250));
    display.finish();
    assertThat(text.toString()).isEqualTo("[   3ms] id-p: creating\n[  1.3s] id-p: head_node_up\n");
  }

  @Test
  void progressOnATerminalRedrawsOneLine() {
    StringWriter text = new StringWriter();
    ProgressDisplay display = new ProgressDisplay(new PrintWriter(text), true);
    display.accept(progress(ClusterStatus.CREATING, null, 3));
    display.accept(progress(ClusterStatus.CREATING, ClusterStatus.CREATING, 500));
    display.finish();
    assertThat(text.toString())
        .startsWith("\r| id-p: creating (3ms, waiting for active)\u001b[K")
        .contains("\r/ id-p: creating (500ms, waiting for active)")
        .endsWith("\n")
        .doesNotContain("\n\r");
  }
}
