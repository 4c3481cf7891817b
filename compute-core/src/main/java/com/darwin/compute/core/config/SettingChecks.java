package com.darwin.compute.core.config;

import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Checks of settings that cannot work, made in the compact constructors of the properties records:
 * a bad value stops the start with a message naming the setting, instead of failing later (or at
 * start, without naming it: a scheduled job's interval of 0, an HTTP client's timeout of 0) or
 * quietly doing something else. A value left out ({@code null}, in tests) is not checked.
 */
public final class SettingChecks {

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^{}]*)}");

  private SettingChecks() {}

  /**
   * A timeout, a wait or a scheduled job's interval: 0 or less cannot work (the scheduler and the
   * HTTP client refuse it at start, without naming the setting; a timeout of 0 fails every call).
   */
  public static void positive(String setting, Duration value) {
    if (value != null && (value.isZero() || value.isNegative())) {
      throw new IllegalArgumentException(setting + " must be positive, not " + value);
    }
  }

  /** A duration used in whole milliseconds, where less than one is 0 (for ever, or at once). */
  public static void atLeastOneMillisecond(String setting, Duration value) {
    if (value != null && value.toMillis() < 1) {
      throw new IllegalArgumentException(setting + " must be at least 1ms, not " + value);
    }
  }

  /** A number of threads, workers or rows taken at a time: 0 or less does nothing, ever. */
  public static void atLeastOne(String setting, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(setting + " must be at least 1, not " + value);
    }
  }

  /**
   * A URL template: each {@code {name}} in it must be one of {@code placeholders}, and no brace be
   * left over; an unknown one would stay in every address made from it.
   */
  public static void placeholders(String setting, String template, List<String> placeholders) {
    if (template == null) {
      return;
    }
    Matcher matcher = PLACEHOLDER.matcher(template);
    StringBuilder rest = new StringBuilder();
    while (matcher.find()) {
      if (!placeholders.contains(matcher.group(1))) {
        throw new IllegalArgumentException(
            setting
                + " has an unknown placeholder "
                + matcher.group()
                + " (known: "
                + known(placeholders)
                + "): "
                + template);
      }
      matcher.appendReplacement(rest, "");
    }
    matcher.appendTail(rest);
    if (rest.indexOf("{") >= 0 || rest.indexOf("}") >= 0) {
      throw new IllegalArgumentException(
          setting
              + " has a brace that opens or closes no placeholder (known: "
              + known(placeholders)
              + "): "
              + template);
    }
  }

  private static String known(List<String> placeholders) {
    return placeholders.stream().map(p -> "{" + p + "}").collect(Collectors.joining(", "));
  }
}
