package com.darwin.compute.api.web;

import com.darwin.compute.core.config.RequestLimitsProperties;
import org.apache.coyote.http11.AbstractHttp11Protocol;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Configuration;

/**
 * "100 Continue" is sent when a route first reads the request's body, not as soon as its headers
 * arrive (Tomcat's default): a large upload refused before it is read (not active, not allowed,
 * larger than {@code compute.jobs.max-package-size} by its Content-Length) then costs a client that
 * waits for it nothing but the answer. With the default the client was told to go on, and the
 * connection, closed on the body it was still sending, lost the answer. A POST form is limited as
 * every body is ({@code compute.request-limits.max-body}).
 */
@Configuration(proxyBeanMethods = false)
class TomcatRequestBodiesConfiguration
    implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

  private final RequestLimitsProperties limits;

  TomcatRequestBodiesConfiguration(RequestLimitsProperties limits) {
    this.limits = limits;
  }

  @Override
  public void customize(TomcatServletWebServerFactory factory) {
    factory.addConnectorCustomizers(
        connector -> {
          if (connector.getProtocolHandler() instanceof AbstractHttp11Protocol<?> http11) {
            http11.setContinueResponseTiming("onRead");
          }
          // Tomcat reads a POST form itself, past RequestBodyLimitFilter's counting: the same
          // limit.
          connector.setMaxPostSize((int) Math.min(Integer.MAX_VALUE, limits.maxBody().toBytes()));
        });
  }
}
