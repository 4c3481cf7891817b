package com.darwin.compute.core.domain;

import java.time.Duration;

/**
 * A duration in the words of the timeline and the alerts: whole minutes as minutes (the Python
 * service's wording, "40 minutes"), otherwise whole seconds as seconds and the rest in
 * milliseconds, so that a timeout of a few seconds does not read "within 0 minutes".
 */
public final class DurationText {

  private DurationText() {}

  public static String of(Duration duration) {
    if (duration.toSecondsPart() == 0 && duration.toNanosPart() == 0 && duration.toMinutes() > 0) {
      return plural(duration.toMinutes(), "minute");
    }
    if (duration.toNanosPart() == 0) {
      return plural(duration.toSeconds(), "second");
    }
    return plural(duration.toMillis(), "millisecond");
  }

  private static String plural(long amount, String unit) {
    return amount + " " + unit + (amount == 1 ? "" : "s");
  }
}
