package com.darwin.compute.api.web;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.servers.Server;
import org.springframework.context.annotation.Configuration;

/**
 * The API description names its server as "/", the address the page was loaded from. Springdoc
 * would otherwise write the request's own URL, which behind the gateway is the internal {@code
 * http://host:8000} (forwarded headers are not applied: server.forward-headers-strategy), and the
 * Swagger page's requests would go there, or be blocked as mixed content under https.
 */
@Configuration(proxyBeanMethods = false)
@OpenAPIDefinition(servers = @Server(url = "/", description = "This service, where it was reached"))
class ApiDocsConfiguration {}
