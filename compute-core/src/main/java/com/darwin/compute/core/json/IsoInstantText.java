package com.darwin.compute.core.json;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Month;
import java.time.Year;

/**
 * Instants as ISO-8601 text in UTC ({@code 2026-12-01T23:48:53.273Z}), read and written by hand.
 *
 * <p>Why: on JDK 17, {@link java.time.format.DateTimeFormatter#ISO_INSTANT} builds a new formatter
 * inside every parse, and formatting goes through a {@code LocalDateTime} and a string builder.
 * Profiled under production's JIT (C1), parsing the two instants of each search hit was 39% of
 * binding a page of hits, and formatting them a fifth of writing the page. Both are the service's
 * own shape (every instant it stores or answers is UTC with a {@code Z}); anything else is left to
 * the JDK, so the results are the JDK's for every input.
 */
public final class IsoInstantText {

  private static final int SECONDS_PER_DAY = 86_400;

  /** 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z: the instants whose year has four digits. */
  private static final long FIRST_SECOND = -62_167_219_200L;

  private static final long LAST_SECOND = 253_402_300_799L;
  private static final int[] POWERS = {
    100_000_000, 10_000_000, 1_000_000, 100_000, 10_000, 1_000, 100, 10, 1
  };

  private IsoInstantText() {}

  /**
   * {@code text} as an instant when it is exactly {@code yyyy-MM-ddTHH:mm:ss[.f...]Z} (1 to 9
   * fraction digits, upper-case {@code T} and {@code Z}, a real date and time of day); {@code null}
   * for any other text, which the caller hands to the JDK (offsets, lower case, leap seconds, hour
   * 24, years beyond four digits, errors).
   */
  public static Instant parseUtc(String text) {
    int length = text.length();
    if (length < 20
        || length > 30
        || text.charAt(4) != '-'
        || text.charAt(7) != '-'
        || text.charAt(10) != 'T'
        || text.charAt(13) != ':'
        || text.charAt(16) != ':'
        || text.charAt(length - 1) != 'Z') {
      return null;
    }
    int year = digits(text, 0, 4);
    int month = digits(text, 5, 2);
    int day = digits(text, 8, 2);
    int hour = digits(text, 11, 2);
    int minute = digits(text, 14, 2);
    int second = digits(text, 17, 2);
    if (year < 0
        || month < 1
        || month > 12
        || day < 1
        || day > Month.of(month).length(Year.isLeap(year))
        || hour < 0
        || hour > 23
        || minute < 0
        || minute > 59
        || second < 0
        || second > 59) {
      return null;
    }
    int nanos = 0;
    if (length > 20) {
      int fractionDigits = length - 21;
      if (text.charAt(19) != '.' || fractionDigits < 1 || fractionDigits > 9) {
        return null;
      }
      int fraction = digits(text, 20, fractionDigits);
      if (fraction < 0) {
        return null;
      }
      nanos = fraction * POWERS[fractionDigits - 1];
    }
    long epochDay = LocalDate.of(year, month, day).toEpochDay();
    return Instant.ofEpochSecond(
        epochDay * SECONDS_PER_DAY + hour * 3600L + minute * 60L + second, nanos);
  }

  /**
   * The same text as {@link Instant#toString()}: seconds always, the fraction in groups of three
   * digits (none, milliseconds, microseconds or nanoseconds, the shortest that is exact).
   */
  public static String format(Instant instant) {
    long epochSecond = instant.getEpochSecond();
    if (epochSecond < FIRST_SECOND || epochSecond > LAST_SECOND) {
      return instant.toString();
    }
    LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(epochSecond, SECONDS_PER_DAY));
    int year = date.getYear();
    int secondOfDay = (int) Math.floorMod(epochSecond, SECONDS_PER_DAY);
    int nanos = instant.getNano();
    int fractionDigits = nanos == 0 ? 0 : nanos % 1_000_000 == 0 ? 3 : nanos % 1_000 == 0 ? 6 : 9;
    byte[] out = new byte[20 + (fractionDigits == 0 ? 0 : fractionDigits + 1)];
    put(out, 0, year, 4);
    out[4] = '-';
    put(out, 5, date.getMonthValue(), 2);
    out[7] = '-';
    put(out, 8, date.getDayOfMonth(), 2);
    out[10] = 'T';
    put(out, 11, secondOfDay / 3600, 2);
    out[13] = ':';
    put(out, 14, secondOfDay / 60 % 60, 2);
    out[16] = ':';
    put(out, 17, secondOfDay % 60, 2);
    if (fractionDigits > 0) {
      out[19] = '.';
      put(out, 20, nanos / POWERS[fractionDigits - 1], fractionDigits);
    }
    out[out.length - 1] = 'Z';
    return new String(out, StandardCharsets.ISO_8859_1);
  }

  /** The decimal number of {@code count} ASCII digits at {@code from}; -1 if any is not a digit. */
  private static int digits(String text, int from, int count) {
    int value = 0;
    for (int i = from; i < from + count; i++) {
      int digit = text.charAt(i) - '0';
      if (digit < 0 || digit > 9) {
        return -1;
      }
      value = value * 10 + digit;
    }
    return value;
  }

  private static void put(byte[] out, int from, int value, int width) {
    for (int i = from + width - 1; i >= from; i--) {
      out[i] = (byte) ('0' + value % 10);
      value /= 10;
    }
  }
}
