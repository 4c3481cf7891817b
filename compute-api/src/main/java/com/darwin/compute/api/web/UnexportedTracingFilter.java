package com.darwin.compute.api.web;

import java.util.Set;
import org.springframework.boot.autoconfigure.AutoConfigurationImportFilter;
import org.springframework.boot.autoconfigure.AutoConfigurationMetadata;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;

/**
 * While trace export is off (the default), tracing is not configured at all: OpenTelemetry's tracer
 * and Micrometer's tracing observation handlers are left out, and Boot's no-op tracer stands in.
 *
 * <p>Leaving out only OpenTelemetry's tracer (as this service first did, with no-op tracer and
 * propagator beans) still registered the tracing handlers for the no-op tracer. Every observation
 * then made a no-op span, read the request's headers through the no-op propagator, opened and
 * closed its scope and computed the observation's tags for it: 4% of a read's CPU in B1's profile,
 * for nothing. {@code http.server.requests} and every other timer are observations, not spans: they
 * still run.
 *
 * <p>With {@code management.tracing.export.enabled=true} nothing is left out and spans are made and
 * exported. An import filter, not a condition: the two auto-configurations are Boot's, and their
 * own conditions cannot be told about the export setting. With Spring AOT the filter runs at build,
 * which is why the image fixes the export setting (see {@code aot/BuildFixedSettings}).
 */
public final class UnexportedTracingFilter
    implements AutoConfigurationImportFilter, EnvironmentAware {

  static final String EXPORT_ENABLED = "management.tracing.export.enabled";

  /**
   * What tracing adds besides the tracer Boot falls back to ({@code NoopTracerAutoConfiguration}).
   */
  static final Set<String> TRACING =
      Set.of(
          "org.springframework.boot.micrometer.tracing.autoconfigure"
              + ".MicrometerTracingAutoConfiguration",
          "org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure"
              + ".OpenTelemetryTracingAutoConfiguration");

  private Environment environment;

  @Override
  public void setEnvironment(Environment environment) {
    this.environment = environment;
  }

  @Override
  public boolean[] match(String[] candidates, AutoConfigurationMetadata metadata) {
    // Unset is Boot's default: exported.
    boolean exported = environment.getProperty(EXPORT_ENABLED, Boolean.class, true);
    boolean[] match = new boolean[candidates.length];
    for (int i = 0; i < candidates.length; i++) {
      // An earlier filter's leftovers are null (and Set.of refuses to look a null up).
      match[i] = exported || candidates[i] == null || !TRACING.contains(candidates[i]);
    }
    return match;
  }
}
