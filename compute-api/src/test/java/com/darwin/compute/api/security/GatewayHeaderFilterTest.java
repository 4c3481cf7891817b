package com.darwin.compute.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.darwin.compute.api.web.RefusalCounter;
import com.darwin.compute.core.access.Caller;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.core.context.SecurityContextHolder;

/** Header mode: msd-user is believed from the gateway's addresses, with its secret, only. */
class GatewayHeaderFilterTest {

  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

  private GatewayHeaderFilter filter(String secret) {
    SecurityProperties properties =
        new SecurityProperties(
            SecurityProperties.Mode.HEADER,
            null,
            null,
            new SecurityProperties.Principals(List.of("root@example.com"), List.of()),
            List.of("workspace-service"),
            "on-behalf-of",
            Map.of("ml-team", List.of("carol@example.com")),
            false,
            false,
            null);
    return new GatewayHeaderFilter(
        new SecurityProperties.Header(List.of("10.0.0.0/8"), "x-gateway-secret", secret),
        new Callers(properties),
        new FilterErrors(new RefusalCounter(meters)));
  }

  private static MockHttpServletRequest request(String from, String email) {
    MockHttpServletRequest request = new MockHttpServletRequest("POST", "/cluster/stop-cluster/x");
    request.setRemoteAddr(from);
    if (email != null) {
      request.addHeader("msd-user", "{\"email\": \"" + email + "\"}");
    }
    return request;
  }

  @AfterEach
  void clear() {
    SecurityContextHolder.clearContext();
  }

  @Test
  void fromTheGatewayTheHeaderIdentifiesTheCaller() throws Exception {
    MockFilterChain chain = new MockFilterChain();
    filter(null)
        .doFilter(request("10.1.2.3", "carol@example.com"), new MockHttpServletResponse(), chain);
    assertThat(chain.getRequest()).isNotNull();
    Caller caller = Callers.current();
    assertThat(caller.name()).isEqualTo("carol@example.com");
    assertThat(caller.groups()).containsExactly("ml-team");
    assertThat(caller.source()).isEqualTo("10.1.2.3");
    assertThat(caller.admin()).isFalse();
  }

  @Test
  void fromAnywhereElseItIsA401AndNothingRuns() throws Exception {
    MockFilterChain chain = new MockFilterChain();
    MockHttpServletResponse response = new MockHttpServletResponse();
    filter(null).doFilter(request("192.168.1.9", "root@example.com"), response, chain);
    assertThat(response.getStatus()).isEqualTo(401);
    assertThat(response.getContentAsString())
        .contains("\"status\":\"ERROR\"")
        .contains("UNTRUSTED_SOURCE")
        .contains("192.168.1.9");
    assertThat(chain.getRequest()).isNull();
    assertThat(Callers.current()).isNull();
    assertThat(meters.counter("compute.access.refused", "reason", "unauthenticated").count())
        .isEqualTo(1);
  }

  @Test
  void withAGatewaySecretTheHeaderNeedsIt() throws Exception {
    MockHttpServletResponse missing = new MockHttpServletResponse();
    filter("s3cret").doFilter(request("10.0.0.1", "a@example.com"), missing, new MockFilterChain());
    assertThat(missing.getStatus()).isEqualTo(401);

    MockHttpServletRequest wrong = request("10.0.0.1", "a@example.com");
    wrong.addHeader("x-gateway-secret", "guess");
    MockHttpServletResponse refused = new MockHttpServletResponse();
    filter("s3cret").doFilter(wrong, refused, new MockFilterChain());
    assertThat(refused.getStatus()).isEqualTo(401);

    MockHttpServletRequest right = request("10.0.0.1", "a@example.com");
    right.addHeader("x-gateway-secret", "s3cret");
    MockFilterChain chain = new MockFilterChain();
    filter("s3cret").doFilter(right, new MockHttpServletResponse(), chain);
    assertThat(chain.getRequest()).isNotNull();
    assertThat(Callers.current().name()).isEqualTo("a@example.com");
  }

  @Test
  void aHeaderSentTwiceIsA401WhicheverComesFirst() throws Exception {
    for (List<String> order :
        List.of(
            List.of("alice@example.com", "frank@example.com"),
            List.of("frank@example.com", "alice@example.com"))) {
      MockHttpServletRequest twice = request("10.0.0.1", order.get(0));
      twice.addHeader("msd-user", "{\"email\": \"" + order.get(1) + "\"}");
      MockHttpServletResponse response = new MockHttpServletResponse();
      MockFilterChain chain = new MockFilterChain();
      filter(null).doFilter(twice, response, chain);
      assertThat(response.getStatus()).isEqualTo(401);
      assertThat(response.getContentAsString()).contains("more than once");
      assertThat(chain.getRequest()).isNull();
      assertThat(Callers.current()).isNull();
    }
    // The gateway's secret too: a second value is not a second chance.
    MockHttpServletRequest secrets = request("10.0.0.1", "a@example.com");
    secrets.addHeader("x-gateway-secret", "s3cret");
    secrets.addHeader("x-gateway-secret", "guess");
    MockHttpServletResponse refused = new MockHttpServletResponse();
    filter("s3cret").doFilter(secrets, refused, new MockFilterChain());
    assertThat(refused.getStatus()).isEqualTo(401);
  }

  @Test
  void anOnBehalfOfSentTwiceOrNoNameAtAllAndAKeySentTwiceAre401s() throws Exception {
    MockHttpServletRequest twice = request("10.0.0.1", "workspace-service");
    twice.addHeader("on-behalf-of", "alice@example.com");
    twice.addHeader("on-behalf-of", "root@example.com");
    MockHttpServletRequest control = request("10.0.0.1", "workspace-service");
    control.addHeader("on-behalf-of", "alice\u0007@example.com");
    MockHttpServletRequest keyTwice = request("10.0.0.1", null);
    keyTwice.addHeader(
        "msd-user", "{\"email\": \"frank@example.com\", \"email\": \"root@example.com\"}");
    for (MockHttpServletRequest refused : List.of(twice, control, keyTwice)) {
      MockHttpServletResponse response = new MockHttpServletResponse();
      MockFilterChain chain = new MockFilterChain();
      filter(null).doFilter(refused, response, chain);
      assertThat(response.getStatus()).isEqualTo(401);
      assertThat(response.getContentAsString()).contains("INVALID_HEADER");
      assertThat(chain.getRequest()).isNull();
      assertThat(Callers.current()).isNull();
    }
    // Once, it is the delegate acting for that user; a name outside ASCII arrives as its UTF-8
    // bytes, one char each (as a servlet container hands header values over), and is decoded.
    MockHttpServletRequest once = request("10.0.0.1", "workspace-service");
    once.addHeader(
        "on-behalf-of",
        new String(
            "ji\u0159\u00ed@example.com".getBytes(java.nio.charset.StandardCharsets.UTF_8),
            java.nio.charset.StandardCharsets.ISO_8859_1));
    MockFilterChain chain = new MockFilterChain();
    filter(null).doFilter(once, new MockHttpServletResponse(), chain);
    assertThat(chain.getRequest()).isNotNull();
    assertThat(Callers.current().user()).isEqualTo("ji\u0159\u00ed@example.com");
  }

  @Test
  void withoutTheHeaderTheRequestStaysUnidentified() throws Exception {
    MockFilterChain chain = new MockFilterChain();
    filter(null).doFilter(request("192.168.1.9", null), new MockHttpServletResponse(), chain);
    assertThat(chain.getRequest()).isNotNull();
    assertThat(Callers.current()).isNull();
  }

  @Test
  void aMalformedHeaderFromTheGatewayIsA401() throws Exception {
    MockHttpServletRequest request = request("10.0.0.1", null);
    request.addHeader("msd-user", "not-json");
    MockHttpServletResponse response = new MockHttpServletResponse();
    filter(null).doFilter(request, response, new MockFilterChain());
    assertThat(response.getStatus()).isEqualTo(401);
    assertThat(response.getContentAsString()).contains("INVALID_HEADER");
  }

  @Test
  void aRepeatedHeaderIsAnsweredAlikeAndOnlyFromTheGateway() throws Exception {
    GatewayHeaderFilter filter = filter(null);
    for (int i = 0; i < 3; i++) {
      MockFilterChain chain = new MockFilterChain();
      filter.doFilter(
          request("10.1.2.3", "carol@example.com"), new MockHttpServletResponse(), chain);
      assertThat(chain.getRequest()).isNotNull();
      assertThat(Callers.current().name()).isEqualTo("carol@example.com");
      assertThat(Callers.current().source()).isEqualTo("10.1.2.3");
      SecurityContextHolder.clearContext();
    }
    // A value parsed once for the gateway is still refused from elsewhere.
    MockHttpServletResponse untrusted = new MockHttpServletResponse();
    MockFilterChain refusedChain = new MockFilterChain();
    filter.doFilter(request("192.168.1.9", "carol@example.com"), untrusted, refusedChain);
    assertThat(untrusted.getStatus()).isEqualTo(401);
    assertThat(refusedChain.getRequest()).isNull();
    // A malformed value stays a 401 every time (refusals are not remembered as names).
    for (int i = 0; i < 2; i++) {
      MockHttpServletRequest bad = request("10.0.0.1", null);
      bad.addHeader("msd-user", "{\"email\": \"\"}");
      MockHttpServletResponse response = new MockHttpServletResponse();
      filter.doFilter(bad, response, new MockFilterChain());
      assertThat(response.getStatus()).isEqualTo(401);
      assertThat(response.getContentAsString()).contains("INVALID_HEADER");
    }
  }

  @Test
  void manyDistinctHeadersStillIdentifyEachCaller() throws Exception {
    GatewayHeaderFilter filter = filter(null);
    for (int i = 0; i < GatewayHeaderFilter.MAX_NAMES + 10; i++) {
      String email = "user" + i + "@example.com";
      filter.doFilter(
          request("10.0.0.1", email), new MockHttpServletResponse(), new MockFilterChain());
      assertThat(Callers.current().name()).isEqualTo(email);
      SecurityContextHolder.clearContext();
    }
  }
}
