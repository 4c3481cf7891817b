package com.darwin.compute.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.darwin.compute.api.web.RefusalCounter;
import com.darwin.compute.core.access.Caller;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Each caller has its own bucket; an empty one is a 429 with Retry-After, in the envelope. Health
 * and the probes have none.
 */
class RateLimitFilterTest {

  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final RateLimitFilter filter =
      new RateLimitFilter(
          new SecurityProperties.RateLimit(0.5, 2), new FilterErrors(new RefusalCounter(meters)));

  private MockHttpServletResponse call(String user) throws Exception {
    SecurityContextHolder.getContext()
        .setAuthentication(new CallerAuthentication(Caller.user(user, "10.0.0.1")));
    MockHttpServletResponse response = new MockHttpServletResponse();
    filter.doFilter(new MockHttpServletRequest("GET", "/x"), response, new MockFilterChain());
    return response;
  }

  @AfterEach
  void clear() {
    SecurityContextHolder.clearContext();
  }

  @Test
  void aCallerOverItsBurstWaitsAndOthersDoNot() throws Exception {
    assertThat(call("a@example.com").getStatus()).isEqualTo(200);
    assertThat(call("a@example.com").getStatus()).isEqualTo(200);
    MockHttpServletResponse limited = call("a@example.com");
    assertThat(limited.getStatus()).isEqualTo(429);
    assertThat(Long.parseLong(limited.getHeader("Retry-After"))).isBetween(1L, 2L);
    assertThat(limited.getContentAsString())
        .contains("RATE_LIMITED")
        .contains("\"status\":\"ERROR\"");
    assertThat(call("b@example.com").getStatus()).isEqualTo(200);
    assertThat(meters.counter("compute.access.refused", "reason", "rate").count()).isEqualTo(1);
  }

  /**
   * The kubelet probes unidentified, from its node's address: its probes are never a 429 (one to
   * {@code /livez} would get the pod restarted), however often they come and whatever else that
   * address sent; the rest of what it sends is still limited.
   */
  @Test
  void probesAndHealthAreNeverLimited() throws Exception {
    for (int i = 0; i < 10; i++) {
      for (String path :
          List.of(
              "/livez",
              "/readyz",
              "/actuator/health",
              "/actuator/health/liveness",
              "/actuator/health/readiness")) {
        assertThat(anonymous(path).getStatus()).as("%s, call %d", path, i).isEqualTo(200);
      }
    }
    assertThat(anonymous("/x").getStatus()).isEqualTo(200);
    assertThat(anonymous("/x").getStatus()).isEqualTo(200);
    // Paths that only begin like a health path are not health paths.
    assertThat(anonymous("/livez-and-more").getStatus()).isEqualTo(429);
    assertThat(anonymous("/actuator/healthz").getStatus()).isEqualTo(429);
    assertThat(anonymous("/actuator/prometheus").getStatus()).isEqualTo(429);
    // Probes still pass once the address's bucket is empty.
    assertThat(anonymous("/livez").getStatus()).isEqualTo(200);
    assertThat(anonymous("/readyz").getStatus()).isEqualTo(200);
  }

  private MockHttpServletResponse anonymous(String path) throws Exception {
    MockHttpServletRequest request = new MockHttpServletRequest("GET", path);
    request.setRemoteAddr("10.1.2.3");
    MockHttpServletResponse response = new MockHttpServletResponse();
    filter.doFilter(request, response, new MockFilterChain());
    return response;
  }
}
