package com.darwin.compute.bench.harness.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * The machine a run was measured on. Absolute figures only mean something beside this, and the load
 * average says whether others were using the machine at the same time.
 */
public record MachineInfo(
    int cores, String cpuModel, long memoryMegabytes, String jdk, String os, double loadAverage) {

  public static MachineInfo capture() {
    return new MachineInfo(
        Runtime.getRuntime().availableProcessors(),
        firstValue(Path.of("/proc/cpuinfo"), "model name").orElse("unknown CPU"),
        firstValue(Path.of("/proc/meminfo"), "MemTotal")
            .map(v -> Long.parseLong(v.replace("kB", "").trim()) / 1024)
            .orElse(0L),
        System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
        System.getProperty("os.name") + " " + System.getProperty("os.version"),
        currentLoadAverage());
  }

  /** The one-minute load average, or -1 when unknown. */
  public static double currentLoadAverage() {
    try {
      return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** A sentence for the report. */
  public String describe() {
    return String.format(
        Locale.ROOT,
        "%d cores (%s), %,d MB RAM, %s, %s",
        cores,
        cpuModel,
        memoryMegabytes,
        jdk,
        os);
  }

  private static Optional<String> firstValue(Path file, String key) {
    try {
      return Files.readAllLines(file).stream()
          .filter(line -> line.startsWith(key))
          .map(line -> line.substring(line.indexOf(':') + 1).trim())
          .findFirst();
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
