package com.darwin.compute.api.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

class UnexportedTracingFilterTest {

  private static final String TRACER =
      "org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure"
          + ".OpenTelemetryTracingAutoConfiguration";
  private static final String HANDLERS =
      "org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration";
  private static final String NOOP =
      "org.springframework.boot.micrometer.tracing.autoconfigure.NoopTracerAutoConfiguration";
  private static final String METRICS =
      "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration";

  private static boolean[] match(MockEnvironment environment, String... candidates) {
    UnexportedTracingFilter filter = new UnexportedTracingFilter();
    filter.setEnvironment(environment);
    return filter.match(candidates, null);
  }

  @Test
  void exportOffLeavesOutTheTracerAndTheTracingHandlersOnly() {
    MockEnvironment off =
        new MockEnvironment().withProperty(UnexportedTracingFilter.EXPORT_ENABLED, "false");
    assertThat(match(off, TRACER, HANDLERS, NOOP, METRICS, null))
        .containsExactly(false, false, true, true, true);
  }

  @Test
  void exportOnOrUnsetLeavesOutNothing() {
    MockEnvironment on =
        new MockEnvironment().withProperty(UnexportedTracingFilter.EXPORT_ENABLED, "true");
    assertThat(match(on, TRACER, HANDLERS, NOOP, METRICS)).containsExactly(true, true, true, true);
    // Boot's default is on.
    assertThat(match(new MockEnvironment(), TRACER, HANDLERS)).containsExactly(true, true);
  }
}
