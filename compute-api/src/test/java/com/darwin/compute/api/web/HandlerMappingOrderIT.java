package com.darwin.compute.api.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.darwin.compute.api.ApiIntegrationTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.Ordered;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping;
import org.springframework.web.util.ServletRequestPathUtils;

/**
 * The application's mapping is consulted first, and that changes no handler: it claims none of the
 * paths the mappings it now precedes (the actuator's) answer, which still answer.
 */
class HandlerMappingOrderIT extends ApiIntegrationTest {

  @Autowired DispatcherServlet dispatcher;

  @Test
  void theApplicationsMappingComesFirstAndClaimsNoneOfTheActuatorsPaths() throws Exception {
    // The servlet finds its mappings at its first request.
    assertThat(api.get("/health").status()).isEqualTo(200);
    List<HandlerMapping> mappings = dispatcher.getHandlerMappings();
    assertThat(mappings).isNotNull();
    assertThat(mappings.get(0)).isInstanceOf(FirstSegmentHandlerMapping.class);
    HandlerMapping application = mappings.get(0);

    List<String> before = new ArrayList<>();
    for (HandlerMapping other : mappings.subList(1, mappings.size())) {
      // Those Spring put before the application's by default (the actuator's, at -100).
      if (other instanceof RequestMappingInfoHandlerMapping infos
          && infos.getOrder() < 0
          && infos.getOrder() != Ordered.LOWEST_PRECEDENCE) {
        infos.getHandlerMethods().keySet().forEach(info -> before.addAll(info.getPatternValues()));
      }
    }
    assertThat(before).contains("/actuator/health", "/actuator/prometheus", "/livez", "/readyz");

    for (String pattern : before) {
      String path = pattern.replaceAll("\\{\\*?[^}]*}", "x").replace("**", "x");
      for (String method : List.of("GET", "POST", "PUT", "DELETE")) {
        MockHttpServletRequest request = new MockHttpServletRequest(method, path);
        ServletRequestPathUtils.parseAndCache(request);
        assertThat(application.getHandler(request)).as(method + " " + path).isNull();
      }
    }

    // And they still answer there (once the search index's check at start has settled).
    await().atMost(Duration.ofSeconds(30)).until(() -> api.get("/readyz").status() == 200);
    assertThat(api.get("/actuator/health").status()).isEqualTo(200);
    assertThat(api.get("/livez").status()).isEqualTo(200);
    assertThat(api.get("/readyz").status()).isEqualTo(200);
  }
}
