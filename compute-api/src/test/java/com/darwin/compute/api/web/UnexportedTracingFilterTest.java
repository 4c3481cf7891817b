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
  void theOtlpSwitchDecidesWhereItIsSetAsBootDecidesWhetherToExport() {
    assertThat(
            match(
                exportOff().withProperty(UnexportedTracingFilter.OTLP_ENABLED, "true"),
                TRACER,
                HANDLERS))
        .containsExactly(true, true);
    // OTLP off by its own switch: nothing exports, whatever the global switch says.
    MockEnvironment otlpOff =
        new MockEnvironment().withProperty(UnexportedTracingFilter.OTLP_ENABLED, "false");
    assertThat(match(otlpOff, TRACER, HANDLERS)).containsExactly(false, false);
  }

  /** The names are Boot's: one that Boot renames would silently stop being left out. */
  @Test
  void everyNameLeftOutIsAnAutoConfigurationBootHas() {
    List<String> known = new ArrayList<>();
    ImportCandidates.load(AutoConfiguration.class, getClass().getClassLoader()).forEach(known::add);
    assertThat(known).containsAll(UnexportedTracingFilter.TRACING);
  }
}
