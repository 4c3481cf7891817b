package com.darwin.compute.bench.harness.report;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;
import java.util.Optional;

/**
 * One line of the results table.
 *
 * @param benchmark its id, {@code B1} ... {@code B6}
 * @param subject what was measured and against what, e.g. {@code GET /cluster/{id}, 1 concurrent vs
 *     raw JDBC PK read}
 * @param metric {@code p50}, {@code p99}, {@code throughput}, ...
 * @param service the service's figure; null only when not measured (then {@code note} says why)
 * @param floor the floor's figure; null when the figure has none (start-up time, memory)
 * @param goal the largest acceptable ratio; null when the issue sets none
 * @param note shown in place of figures that are missing
 */
public record ResultRow(
    String benchmark,
    String subject,
    String metric,
    Quantity service,
    Quantity floor,
    Double goal,
    String note) {

  public ResultRow {
    if (service == null && (note == null || note.isBlank())) {
      throw new IllegalArgumentException("a row without a figure must say why");
    }
    if (service != null && floor != null && service.unit() != floor.unit()) {
      throw new IllegalArgumentException("service and floor in different units");
    }
  }

  public static ResultRow compared(
      String benchmark,
      String subject,
      String metric,
      Quantity service,
      Quantity floor,
      double goal) {
    return new ResultRow(benchmark, subject, metric, service, floor, goal, null);
  }

  /**
   * An absolute figure held to a limit (B6's 5 s, 400 MB): the limit stands in the floor column and
   * the ratio is figure ÷ limit, met at 1x or below.
   */
  public static ResultRow limited(
      String benchmark, String subject, String metric, Quantity service, Quantity limit) {
    return new ResultRow(benchmark, subject + " — vs its limit", metric, service, limit, 1.0, null);
  }

  /** A figure with no floor (absolute only). */
  public static ResultRow absolute(
      String benchmark, String subject, String metric, Quantity service, String note) {
    return new ResultRow(benchmark, subject, metric, service, null, null, note);
  }

  public static ResultRow notMeasured(String benchmark, String subject, String reason) {
    return new ResultRow(benchmark, subject, "—", null, null, null, reason);
  }

  /**
   * How many times worse than the floor: service / floor for times and request counts, floor /
   * service for throughput. Empty without a floor, and when the floor is zero.
   */
  public Optional<Double> ratio() {
    if (service == null || floor == null) {
      return Optional.empty();
    }
    double worse = service.unit().higherIsBetter() ? floor.value() : service.value();
    double better = service.unit().higherIsBetter() ? service.value() : floor.value();
    return better == 0 ? Optional.empty() : Optional.of(worse / better);
  }

  public String ratioText() {
    return ratio().map(ResultRow::formatRatio).orElse("—");
  }

  public String goalText() {
    return goal == null ? "—" : "≤ " + formatRatio(goal);
  }

  public String metText() {
    if (goal == null || ratio().isEmpty()) {
      return "—";
    }
    return ratio().get() <= goal ? "yes" : "**no**";
  }

  public Optional<Boolean> met() {
    return goal == null ? Optional.empty() : ratio().map(r -> r <= goal);
  }

  static String formatRatio(double ratio) {
    if (ratio >= 10) {
      return String.format(Locale.ROOT, "%.0fx", ratio);
    }
    if (ratio >= 0.1 || ratio == 0) {
      return String.format(Locale.ROOT, ratio == 0 ? "0x" : "%.2fx", ratio);
    }
    // Two significant digits for small ratios (B5's are far below 1).
    return new BigDecimal(ratio).round(new MathContext(2)).stripTrailingZeros().toPlainString()
        + "x";
  }
}
