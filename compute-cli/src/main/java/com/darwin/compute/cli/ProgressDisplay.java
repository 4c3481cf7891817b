package com.darwin.compute.cli;

import com.darwin.compute.sdk.Durations;
import com.darwin.compute.sdk.WaitProgress;
import java.io.PrintWriter;
import java.util.function.Consumer;

/**
 * Shows an {@code awaitStatus} on stderr. On a terminal one line is redrawn at every poll (status
 * and elapsed time); otherwise (logs, CI, tests) one line is written per status change.
 */
final class ProgressDisplay implements Consumer<WaitProgress> {

  private static final String[] SPINNER = {"|", "/", "-", "\\"};

  private final PrintWriter err;
  private final boolean interactive;
  private int frame;
  private boolean lineOpen;

  ProgressDisplay(PrintWriter err, boolean interactive) {
    this.err = err;
    this.interactive = interactive;
  }

  @Override
  public void accept(WaitProgress p) {
    String status = p.status().wireName();
    String elapsed = Durations.text(p.elapsed());
    if (interactive) {
      err.print(
          "\r"
              + SPINNER[frame++ % SPINNER.length]
              + " "
              + p.clusterId()
              + ": "
              + status
              + " ("
              + elapsed
              + ", waiting for "
              + p.target().wireName()
              + ")\u001b[K");
      lineOpen = true;
    } else if (p.changed()) {
      err.println("[" + pad(elapsed) + "] " + p.clusterId() + ": " + status);
    }
    err.flush();
  }

  /** Ends the redrawn line before anything else is printed. */
  void finish() {
    if (lineOpen) {
      err.println();
      lineOpen = false;
    }
  }

  private static String pad(String text) {
    return text.length() >= 6 ? text : " ".repeat(6 - text.length()) + text;
  }
}
