package com.darwin.compute.api.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.mock.env.MockEnvironment;

class UnexportedTracingFilterTest {

  private static final String TRACER =
      "org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure"
          + ".OpenTelemetryTracingAutoConfiguration";
  private static final String HANDLERS =
      "org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration";
  private static final String EXEMPLARS =
      "org.springframework.boot.micrometer.tracing.autoconfigure.prometheus"
          + ".PrometheusExemplarsAutoConfiguration";
  private static final String NOOP =
      "org.springframework.boot.micrometer.tracing.autoconfigure.NoopTracerAutoConfiguration";
  private static final String METRICS =
      "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration";

  private static boolean[] match(MockEnvironment environment, String... candidates) {
    UnexportedTracingFilter filter = new UnexportedTracingFilter();
    filter.setEnvironment(environment);
    return filter.match(candidates, null);
  }

  private static MockEnvironment exportOff() {
    return new MockEnvironment().withProperty(UnexportedTracingFilter.EXPORT_ENABLED, "false");
  }

  @Test
  void exportOffLeavesOutTheTracerTheTracingHandlersAndTheExemplarsOnly() {
    assertThat(match(exportOff(), TRACER, HANDLERS, EXEMPLARS, NOOP, METRICS, null))
        .containsExactly(false, false, false, true, true, true);
  }

  @Test
  void exportOnOrUnsetLeavesOutNothing() {
    MockEnvironment on =
        new MockEnvironment().withProperty(UnexportedTracingFilter.EXPORT_ENABLED, "true");
    assertThat(match(on, TRACER, HANDLERS, EXEMPLARS, NOOP, METRICS))
        .containsExactly(true, true, true, true, true);
    // Boot's default is on.
    assertThat(match(new MockEnvironment(), TRACER, HANDLERS)).containsExactly(true, true);
  }

  @Test
  void anExporterSwitchedOnByItselfNeedsTracingAsBootWouldExportWithIt() {
    assertThat(
            match(
                exportOff().withProperty("management.tracing.export.otlp.enabled", "true"),
                TRACER,
                HANDLERS))
        .containsExactly(true, true);
    // Every exporter off by its own switch: nothing to export, whatever the global one says.
    MockEnvironment eachOff =
        new MockEnvironment()
            .withProperty("management.tracing.export.otlp.enabled", "false")
            .withProperty("management.tracing.export.zipkin.enabled", "false");
    assertThat(match(eachOff, TRACER, HANDLERS)).containsExactly(false, false);
  }

  /** The names are Boot's: one that Boot renames would silently stop being left out. */
  @Test
  void everyNameLeftOutIsAnAutoConfigurationBootHas() {
    List<String> known = new ArrayList<>();
    ImportCandidates.load(AutoConfiguration.class, getClass().getClassLoader()).forEach(known::add);
    assertThat(known).containsAll(UnexportedTracingFilter.TRACING);
  }
}
