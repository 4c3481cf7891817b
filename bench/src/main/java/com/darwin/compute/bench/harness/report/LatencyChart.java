package com.darwin.compute.bench.harness.report;

import com.darwin.compute.bench.harness.load.LatencyStats;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Draws p50 and p99 of every latency benchmark as horizontal bars, the service above its floor, on
 * a logarithmic time axis (the figures span from a tenth of a millisecond to hundreds). Plain
 * Java2D in headless mode, so no plotting library or system package is needed.
 */
public final class LatencyChart {

  private static final int WIDTH = 1280;
  private static final int LABEL_WIDTH = 300;
  private static final int VALUE_WIDTH = 250;
  private static final int TOP = 96;
  private static final int BAR = 16;
  private static final int BAR_GAP = 5;
  private static final int GROUP_TITLE = 22;
  private static final int GROUP_GAP = 16;
  private static final int BOTTOM = 56;

  private static final Color SERVICE_P50 = new Color(0x1f, 0x5f, 0xa8);
  private static final Color SERVICE_P99 = new Color(0x9c, 0xc3, 0xeb);
  private static final Color FLOOR_P50 = new Color(0x55, 0x55, 0x55);
  private static final Color FLOOR_P99 = new Color(0xc8, 0xc8, 0xc8);
  private static final Color GRID = new Color(0xe4, 0xe4, 0xe4);

  private LatencyChart() {}

  /** Writes the chart as PNG to {@code file}; {@code subtitle} names the machine and run. */
  public static void write(List<LatencyFigure> figures, String subtitle, Path file)
      throws IOException {
    if (figures.isEmpty()) {
      throw new IllegalArgumentException("nothing to draw");
    }
    int groupHeight = GROUP_TITLE + 2 * BAR + BAR_GAP + GROUP_GAP;
    int height = TOP + figures.size() * groupHeight + BOTTOM;
    BufferedImage image = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(
          RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, WIDTH, height);

      LogAxis axis = LogAxis.covering(figures, LABEL_WIDTH, WIDTH - VALUE_WIDTH);
      drawHeader(g, subtitle);
      int plotBottom = height - BOTTOM + 6;
      drawGrid(g, axis, TOP - 8, plotBottom);

      int y = TOP;
      for (LatencyFigure figure : figures) {
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        g.drawString(figure.label(), 12, y + 14);
        int labelEnd = 12 + g.getFontMetrics().stringWidth(figure.label());
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        g.setColor(SERVICE_P50);
        g.drawString(
            "   "
                + ratio(figure.service().p50Millis(), figure.floor().p50Millis())
                + " the floor at p50, "
                + ratio(figure.service().p99Millis(), figure.floor().p99Millis())
                + " at p99",
            labelEnd,
            y + 14);
        y += GROUP_TITLE;
        drawBar(g, axis, y, "service", figure.service(), SERVICE_P50, SERVICE_P99);
        y += BAR + BAR_GAP;
        drawBar(g, axis, y, "floor: " + figure.floorName(), figure.floor(), FLOOR_P50, FLOOR_P99);
        y += BAR + GROUP_GAP;
      }
    } finally {
      g.dispose();
    }
    ImageIO.write(image, "png", file.toFile());
  }

  private static void drawHeader(Graphics2D g, String subtitle) {
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
    g.drawString(
        "Latency per benchmark: the service against the floor of its dependencies", 12, 26);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    g.setColor(Color.DARK_GRAY);
    g.drawString(subtitle, 12, 46);
    int x = 12;
    int y = 66;
    x = legend(g, x, y, SERVICE_P50, "service p50");
    x = legend(g, x, y, SERVICE_P99, "service p99");
    x = legend(g, x, y, FLOOR_P50, "floor p50");
    x = legend(g, x, y, FLOOR_P99, "floor p99");
    g.setColor(Color.DARK_GRAY);
    g.drawString("time axis is logarithmic; shorter is better", x + 12, y + 10);
  }

  private static int legend(Graphics2D g, int x, int y, Color color, String text) {
    g.setColor(color);
    g.fillRect(x, y, 14, 12);
    g.setColor(Color.BLACK);
    g.drawString(text, x + 19, y + 10);
    return x + 24 + g.getFontMetrics().stringWidth(text) + 12;
  }

  private static void drawGrid(Graphics2D g, LogAxis axis, int top, int bottom) {
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    FontMetrics metrics = g.getFontMetrics();
    for (int exponent = axis.minExponent(); exponent <= axis.maxExponent(); exponent++) {
      for (int step = 1; step < 10; step++) {
        double millis = step * Math.pow(10, exponent);
        if (millis > axis.maxMillis()) {
          break;
        }
        int x = axis.x(millis);
        g.setColor(step == 1 ? Color.LIGHT_GRAY : GRID);
        g.setStroke(new BasicStroke(step == 1 ? 1.2f : 0.6f));
        g.drawLine(x, top, x, bottom);
        if (step == 1) {
          String label = tickLabel(millis);
          g.setColor(Color.DARK_GRAY);
          g.drawString(label, x - metrics.stringWidth(label) / 2, bottom + 16);
        }
      }
    }
    g.setStroke(new BasicStroke(1f));
  }

  private static void drawBar(
      Graphics2D g,
      LogAxis axis,
      int y,
      String name,
      LatencyStats stats,
      Color p50Color,
      Color p99Color) {
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    FontMetrics metrics = g.getFontMetrics();
    g.setColor(Color.BLACK);
    String shown = fit(name, metrics, LABEL_WIDTH - 36);
    g.drawString(shown, LABEL_WIDTH - 10 - metrics.stringWidth(shown), y + 12);
    int left = axis.x(axis.minMillis());
    int p99 = Math.max(left + 1, axis.x(stats.p99Millis()));
    int p50 = Math.max(left + 1, axis.x(stats.p50Millis()));
    g.setColor(p99Color);
    g.fillRect(left, y, p99 - left, BAR);
    g.setColor(p50Color);
    g.fillRect(left, y, p50 - left, BAR);
    g.setColor(Color.BLACK);
    g.drawString(
        "p50 "
            + Quantity.number(stats.p50Millis())
            + " ms   p99 "
            + Quantity.number(stats.p99Millis())
            + " ms",
        WIDTH - VALUE_WIDTH + 12,
        y + 12);
  }

  private static String ratio(double service, double floor) {
    return floor == 0 ? "n/a" : String.format(java.util.Locale.ROOT, "%.1fx", service / floor);
  }

  private static String fit(String text, FontMetrics metrics, int width) {
    if (metrics.stringWidth(text) <= width) {
      return text;
    }
    String cut = text;
    while (cut.length() > 1 && metrics.stringWidth(cut + "…") > width) {
      cut = cut.substring(0, cut.length() - 1);
    }
    return cut + "…";
  }

  private static String tickLabel(double millis) {
    if (millis >= 1000) {
      return Quantity.number(millis / 1000) + " s";
    }
    return Quantity.number(millis) + " ms";
  }

  /** Milliseconds to pixels, logarithmically, from a power of ten below the fastest p50. */
  private record LogAxis(int minExponent, int maxExponent, double maxMillis, int left, int right) {

    static LogAxis covering(List<LatencyFigure> figures, int left, int right) {
      double min = Double.MAX_VALUE;
      double max = 0;
      for (LatencyFigure f : figures) {
        for (LatencyStats s : List.of(f.service(), f.floor())) {
          min = Math.min(min, Math.max(s.p50Millis(), 0.001));
          max = Math.max(max, s.p99Millis());
        }
      }
      // Half the fastest p50 still a visible bar: a decade below it when it sits near a power.
      int minExponent = (int) Math.floor(Math.log10(min / 2));
      int maxExponent = (int) Math.ceil(Math.log10(Math.max(max, min * 10)));
      return new LogAxis(minExponent, maxExponent, Math.pow(10, maxExponent), left, right);
    }

    double minMillis() {
      return Math.pow(10, minExponent);
    }

    int x(double millis) {
      double clamped = Math.max(minMillis(), Math.min(millis, maxMillis));
      double fraction = (Math.log10(clamped) - minExponent) / (double) (maxExponent - minExponent);
      return left + (int) Math.round(fraction * (right - left));
    }
  }
}
