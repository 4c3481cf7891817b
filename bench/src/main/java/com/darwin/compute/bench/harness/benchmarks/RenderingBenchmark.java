package com.darwin.compute.bench.harness.benchmarks;

import com.darwin.compute.bench.RenderBenchmark;
import com.darwin.compute.bench.harness.BenchContext;
import com.darwin.compute.bench.harness.report.BenchmarkResult;
import com.darwin.compute.bench.harness.report.Quantity;
import com.darwin.compute.bench.harness.report.ResultRow;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Rendering cost per RayCluster: the JMH {@link RenderBenchmark} (also runnable on its own from
 * {@code benchmarks.jar}), short, in a forked JVM, run after the service is stopped so that its
 * background work does not disturb it. It uses nothing of the running service.
 */
public final class RenderingBenchmark implements Benchmark {

  private static final String FLOOR = "serializeOnly";

  private final boolean quick;

  public RenderingBenchmark(boolean quick) {
    this.quick = quick;
  }

  @Override
  public String id() {
    return "R";
  }

  @Override
  public String title() {
    return "rendering cost per RayCluster (JMH)";
  }

  @Override
  public String against() {
    return "JMH, average time per operation in one forked JVM: `render` (cluster spec to the"
        + " RayCluster and the objects it mounts, what the reconciler does on every pass) and"
        + " `renderAndCheck` (plus KubeRay's rules, what request validation adds), against"
        + " `serializeOnly`, turning the already-rendered objects into the JSON sent to the API"
        + " server, which every apply pays anyway. Two clusters: the README's Quick Start and a"
        + " large one (ten groups, GPU, spot, disks, shared workspace, init script, Spark"
        + " configuration). No goal is set for it.";
  }

  /** Flags a figure whose confidence interval is wide (a busy machine): its ratio says little. */
  private static String noise(Map<String, Double> scores, Map<String, Double> errors, String name) {
    double worst =
        Math.max(errors.get(name) / scores.get(name), errors.get(FLOOR) / scores.get(FLOOR));
    return Double.isNaN(worst) || worst > NOISY
        ? String.format(Locale.ROOT, ", noisy (±%.0f%%)", 100 * worst)
        : "";
  }

  /** A 99.9% confidence half-width above this share of the score makes a figure noisy. */
  private static final double NOISY = 0.25;

  private static double score(RunResult result) {
    double score = result.getPrimaryResult().getScore();
    if (!(score > 0)) {
      throw new IllegalStateException("JMH reported no score for " + result.getParams());
    }
    return score;
  }

  @Override
  public BenchmarkResult run(BenchContext context) throws Exception {
    Options options =
        new OptionsBuilder()
            .include(RenderBenchmark.class.getName() + "\\.")
            .forks(1)
            .warmupIterations(quick ? 1 : 3)
            .warmupTime(TimeValue.seconds(1))
            // Many short iterations: JMH's confidence interval narrows with their number.
            .measurementIterations(quick ? 3 : 10)
            .measurementTime(TimeValue.milliseconds(500))
            .shouldFailOnError(true)
            .verbosity(VerboseMode.SILENT)
            .build();
    Collection<RunResult> results = new Runner(options).run();

    Map<String, Map<String, Double>> byCluster = new TreeMap<>();
    Map<String, Map<String, Double>> errors = new TreeMap<>();
    for (RunResult result : results) {
      String benchmark = result.getParams().getBenchmark();
      String name = benchmark.substring(benchmark.lastIndexOf('.') + 1);
      String cluster = result.getParams().getParam("cluster");
      byCluster.computeIfAbsent(cluster, k -> new TreeMap<>()).put(name, score(result));
      errors
          .computeIfAbsent(cluster, k -> new TreeMap<>())
          .put(name, result.getPrimaryResult().getScoreError());
    }
    List<ResultRow> rows = new ArrayList<>();
    List<String> details = new ArrayList<>();
    byCluster.forEach(
        (cluster, scores) -> {
          Double floor = scores.get(FLOOR);
          if (floor == null || scores.size() < 3) {
            throw new IllegalStateException("JMH did not measure every benchmark for " + cluster);
          }
          Map<String, Double> error = errors.get(cluster);
          for (String name : List.of("render", "renderAndCheck")) {
            rows.add(
                new ResultRow(
                    id(),
                    "Rendering a " + cluster + " cluster — vs serializing the rendered objects",
                    name + noise(scores, error, name),
                    Quantity.micros(scores.get(name)),
                    Quantity.micros(floor),
                    null,
                    null));
          }
          details.add(
              String.format(
                  Locale.ROOT,
                  "%s cluster, µs per operation (± JMH's 99.9%% confidence half-width): render %s"
                      + " ± %s, renderAndCheck %s ± %s, serializeOnly %s ± %s.",
                  cluster,
                  Quantity.number(scores.get("render")),
                  Quantity.number(error.get("render")),
                  Quantity.number(scores.get("renderAndCheck")),
                  Quantity.number(error.get("renderAndCheck")),
                  Quantity.number(floor),
                  Quantity.number(error.get(FLOOR))));
        });
    System.out.println("  " + String.join(" ", details));
    return new BenchmarkResult(rows, List.of(), details);
  }
}
