package com.darwin.compute.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * Header mode on Kubernetes (where Boot would apply X-Forwarded-For from any private address): the
 * gateway's address is the TCP peer's, so a caller cannot name the gateway's address as its own.
 * Here the gateway is 127.0.0.2 only, and the test's requests come from 127.0.0.1.
 */
@OwnContext
@TestPropertySource(
    properties = {
      "spring.main.cloud-platform=kubernetes",
      "compute.security.header.trusted-proxies=127.0.0.2/32"
    })
class ForwardedForIT extends ApiIntegrationTest {

  @Test
  void aForwardedForNamingTheGatewayDoesNotMakeTheCallerTheGateway() {
    Api.Response forged =
        api.send(
            "GET",
            "/actuator/prometheus",
            Api.as("admin@example.com"),
            "X-Forwarded-For",
            "127.0.0.2");
    assertThat(forged.status()).as(forged.raw()).isEqualTo(401);
    assertThat(forged.raw()).contains("UNTRUSTED_SOURCE").contains("127.0.0.1");
    // Without the header the caller is unidentified, as any caller off the gateway is.
    assertThat(api.get("/cluster/no-such-id", Api.NO_IDENTITY).status()).isEqualTo(401);
  }
}
