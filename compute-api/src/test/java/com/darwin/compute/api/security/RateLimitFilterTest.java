package com.darwin.compute.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.darwin.compute.api.web.RefusalCounter;
import com.darwin.compute.core.access.Caller;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.core.context.SecurityContextHolder;

/** Each caller has its own bucket; an empty one is a 429 with Retry-After, in the envelope. */
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
}
