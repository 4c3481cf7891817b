package com.darwin.compute.bench;

import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs {@link RenderBenchmark} (short by default: 1 fork, 3 x 1 s warm-up, 5 x 1 s measured; any
 * JMH command-line option overrides) and prints each benchmark's time as a ratio to the floor,
 * {@code serializeOnly} of the same cluster. Absolute times from a shared 2-core machine are
 * printed beside the ratios only for reference.
 */
public final class RenderBenchmarkMain {

  private RenderBenchmarkMain() {}

  public static void main(String[] args) throws RunnerException, Exception {
    Options commandLine = new CommandLineOptions(args);
    // Defaults for a quick run; whatever the command line sets wins.
    OptionsBuilder options = new OptionsBuilder();
    options.parent(commandLine).include(RenderBenchmark.class.getSimpleName());
    if (!commandLine.getForkCount().hasValue()) {
      options.forks(1);
    }
    if (!commandLine.getWarmupIterations().hasValue()) {
      options.warmupIterations(3);
    }
    if (!commandLine.getWarmupTime().hasValue()) {
      options.warmupTime(TimeValue.seconds(1));
    }
    if (!commandLine.getMeasurementIterations().hasValue()) {
      options.measurementIterations(5);
    }
    if (!commandLine.getMeasurementTime().hasValue()) {
      options.measurementTime(TimeValue.seconds(1));
    }
    Collection<RunResult> results = new Runner(options.build()).run();

    Map<String, Map<String, Double>> byCluster = new TreeMap<>();
    for (RunResult result : results) {
      String benchmark = result.getParams().getBenchmark();
      String name = benchmark.substring(benchmark.lastIndexOf('.') + 1);
      String cluster = result.getParams().getParam("cluster");
      byCluster
          .computeIfAbsent(cluster, k -> new TreeMap<>())
          .put(name, result.getPrimaryResult().getScore());
    }
    System.out.println();
    System.out.println("Rendering cost as a ratio to serializing the rendered objects (floor):");
    System.out.printf("%-12s %-16s %8s %14s%n", "cluster", "benchmark", "ratio", "us/op (ref.)");
    byCluster.forEach(
        (cluster, scores) -> {
          Double floor = scores.get("serializeOnly");
          scores.forEach(
              (name, score) ->
                  System.out.printf(
                      "%-12s %-16s %8s %14.1f%n",
                      cluster,
                      name,
                      floor == null ? "n/a" : String.format("%.2f", score / floor),
                      score));
        });
  }
}
