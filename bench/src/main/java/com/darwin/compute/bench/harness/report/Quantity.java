package com.darwin.compute.bench.harness.report;

import java.util.Locale;

/**
 * A figure with its unit, and whether it was measured or computed (the Python poller's request
 * rate, for one, is its design arithmetic, not a measurement; it is labelled so).
 */
public record Quantity(double value, Unit unit, boolean computed) {

  /** Units, and whether a larger value is better (throughput) or worse (time, requests). */
  public enum Unit {
    MICROS("µs", false),
    MILLIS("ms", false),
    SECONDS("s", false),
    PER_SECOND("req/s", true),
    PER_MINUTE("req/min", false),
    MEGABYTES("MB", false),
    STATEMENTS("SQL statements", false);

    private final String symbol;
    private final boolean higherIsBetter;

    Unit(String symbol, boolean higherIsBetter) {
      this.symbol = symbol;
      this.higherIsBetter = higherIsBetter;
    }

    public String symbol() {
      return symbol;
    }

    public boolean higherIsBetter() {
      return higherIsBetter;
    }
  }

  public Quantity {
    if (Double.isNaN(value) || Double.isInfinite(value) || value < 0) {
      throw new IllegalArgumentException("not a measurable value: " + value);
    }
  }

  public static Quantity micros(double value) {
    return new Quantity(value, Unit.MICROS, false);
  }

  public static Quantity millis(double value) {
    return new Quantity(value, Unit.MILLIS, false);
  }

  public static Quantity seconds(double value) {
    return new Quantity(value, Unit.SECONDS, false);
  }

  public static Quantity perSecond(double value) {
    return new Quantity(value, Unit.PER_SECOND, false);
  }

  public static Quantity perMinute(double value) {
    return new Quantity(value, Unit.PER_MINUTE, false);
  }

  public static Quantity megabytes(double value) {
    return new Quantity(value, Unit.MEGABYTES, false);
  }

  public static Quantity statements(double value) {
    return new Quantity(value, Unit.STATEMENTS, false);
  }

  /** The same figure, marked as computed rather than measured. */
  public Quantity asComputed() {
    return new Quantity(value, unit, true);
  }

  /** E.g. {@code 0.154 ms}, {@code 12.3 ms}, {@code 1,234 req/s}. */
  public String format() {
    return number(value) + " " + unit.symbol() + (computed ? " (computed)" : "");
  }

  /** Three significant digits, thousands grouped. */
  public static String number(double value) {
    if (value == 0) {
      return "0";
    }
    if (value >= 1000) {
      return String.format(Locale.ROOT, "%,.0f", value);
    }
    int digits = value >= 100 ? 0 : value >= 10 ? 1 : value >= 1 ? 2 : 3;
    if (value < 0.01) {
      digits = 4;
    }
    return String.format(Locale.ROOT, "%." + digits + "f", value);
  }
}
