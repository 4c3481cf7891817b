package com.darwin.compute.api.web;

import java.util.Set;
import org.springframework.boot.autoconfigure.AutoConfigurationImportFilter;
import org.springframework.boot.autoconfigure.AutoConfigurationMetadata;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;

/**
 * While trace export is off (the default), tracing is not configured at all: OpenTelemetry's
 * tracer, Micrometer's tracing observation handlers and the Prometheus exemplars that read spans
 * are left out, and Boot's no-op tracer stands in.
 *
 * <p>Leaving out only OpenTelemetry's tracer (as this service first did, with no-op tracer and
 * propagator beans) still registered the tracing handlers for the no-op tracer: every observation
 * made a no-op span, opened and closed a scope for it and tagged it. In B1's profile the handlers
 * were 4% of a read's CPU; without them the read's Micrometer share fell by 1.3 points (the rest
 * was the observation's tags, which the timers compute anyway). {@code http.server.requests} and
 * every other timer are observations, not spans: they still run.
 *
 * <p>Export is on when the OTLP exporter is enabled as Boot decides it: {@code
 * management.tracing.export.otlp.enabled} where set, else {@code management.tracing.export.enabled}
 * (on when unset). Then nothing is left out, and spans are made and exported. An import filter, not
 * a condition: the auto-configurations are Boot's, and their own conditions cannot be told about
 * the export setting. With Spring AOT the filter runs at build, which is why the image fixes these
 * settings (see {@code aot/BuildFixedSettings}).
 */
public final class UnexportedTracingFilter
    implements AutoConfigurationImportFilter, EnvironmentAware {

  static final String EXPORT_ENABLED = "management.tracing.export.enabled";

  /** The one span exporter this service ships (Boot's Zipkin one needs classes it leaves out). */
  static final String OTLP_ENABLED = "management.tracing.export.otlp.enabled";

  /**
   * What tracing adds besides the tracer Boot falls back to ({@code NoopTracerAutoConfiguration}).
   */
  static final Set<String> TRACING =
      Set.of(
          "org.springframework.boot.micrometer.tracing.autoconfigure"
              + ".MicrometerTracingAutoConfiguration",
          "org.springframework.boot.micrometer.tracing.autoconfigure.prometheus"
              + ".PrometheusExemplarsAutoConfiguration",
          "org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure"
              + ".OpenTelemetryTracingAutoConfiguration");

  private Environment environment;

  @Override
  public void setEnvironment(Environment environment) {
    this.environment = environment;
  }

  @Override
  public boolean[] match(String[] candidates, AutoConfigurationMetadata metadata) {
    boolean exported = exported(environment);
    boolean[] match = new boolean[candidates.length];
    for (int i = 0; i < candidates.length; i++) {
      // An earlier filter's leftovers are null (and Set.of refuses to look a null up).
      match[i] = exported || candidates[i] == null || !TRACING.contains(candidates[i]);
    }
    return match;
  }

  /**
   * Whether OTLP export is enabled, as Boot's {@code @ConditionalOnEnabledTracingExport} decides.
   */
  static boolean exported(Environment environment) {
    boolean all = environment.getProperty(EXPORT_ENABLED, Boolean.class, true);
    return environment.getProperty(OTLP_ENABLED, Boolean.class, all);
  }
}
