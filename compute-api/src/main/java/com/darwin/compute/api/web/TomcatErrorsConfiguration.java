package com.darwin.compute.api.web;

import org.apache.catalina.core.StandardHost;
import org.apache.tomcat.util.buf.EncodedSolidusHandling;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Configuration;

/**
 * Errors Tomcat answers itself come in the envelope ({@link ErrorEnvelopeValve}). An encoded slash
 * in a path ({@code /cluster/a%2Fb}) is passed through to Spring Security's firewall, which refuses
 * it (400, in the envelope through the error dispatch) before any route is looked for.
 */
@Configuration(proxyBeanMethods = false)
class TomcatErrorsConfiguration
    implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

  @Override
  public void customize(TomcatServletWebServerFactory factory) {
    factory.addConnectorCustomizers(
        connector ->
            connector.setEncodedSolidusHandling(EncodedSolidusHandling.PASS_THROUGH.getValue()));
    factory.addContextCustomizers(
        context -> {
          if (context.getParent() instanceof StandardHost host) {
            host.setErrorReportValveClass(ErrorEnvelopeValve.class.getName());
          }
        });
  }
}
