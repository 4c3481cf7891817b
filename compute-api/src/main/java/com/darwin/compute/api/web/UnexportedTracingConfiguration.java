package com.darwin.compute.api.web;

import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * While trace export is off (the default), requests make no spans: the no-op tracer and propagator
 * take the place of OpenTelemetry's, which Boot's tracing configuration then does not create. With
 * export off every span was made, sampled, put in scope and in the logging MDC, then dropped: a
 * twentieth of a read's CPU in B1's profile. {@code http.server.requests} and every other timer
 * still run (they are observations, not spans). With {@code management.tracing.export.enabled=true}
 * this class steps aside and spans are made and exported as before.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "management.tracing.export.enabled", havingValue = "false")
class UnexportedTracingConfiguration {

  @Bean
  Tracer noSpansWhileExportIsOff() {
    return Tracer.NOOP;
  }

  @Bean
  Propagator noPropagationWhileExportIsOff() {
    return Propagator.NOOP;
  }
}
