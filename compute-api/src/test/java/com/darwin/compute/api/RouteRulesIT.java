package com.darwin.compute.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.darwin.compute.api.security.ClusterRoute;
import com.darwin.compute.api.security.RouteRules;
import java.lang.annotation.Annotation;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Every route of the application has exactly one access rule. A route added without one fails here
 * (and is refused with a 403 at run time): give its handler method one of {@code @PublicRoute},
 * {@code @CallerRoute}, {@code @AdminRoute} or {@code @ClusterRoute(operation)}.
 */
class RouteRulesIT extends ApiIntegrationTest {

  /** Library handlers, outside the rule mechanism: the OpenAPI document and the error page. */
  private static final Set<String> LIBRARY_HANDLERS =
      Set.of(
          "org.springdoc.webmvc.api.OpenApiWebMvcResource",
          "org.springdoc.webmvc.ui.SwaggerConfigResource",
          "org.springdoc.webmvc.ui.SwaggerWelcomeWebMvc",
          "org.springframework.boot.webmvc.autoconfigure.error.BasicErrorController");

  @Autowired
  @Qualifier("requestMappingHandlerMapping")
  RequestMappingHandlerMapping mappings;

  @Test
  void everyRouteHasExactlyOneRule() {
    List<String> problems = new ArrayList<>();
    int governed = 0;
    for (var entry : mappings.getHandlerMethods().entrySet()) {
      RequestMappingInfo info = entry.getKey();
      HandlerMethod handler = entry.getValue();
      if (!RouteRules.governs(handler)) {
        if (!LIBRARY_HANDLERS.contains(handler.getBeanType().getName())) {
          problems.add(info + " is served by " + handler.getBeanType().getName());
        }
        continue;
      }
      governed++;
      List<Annotation> rules = RouteRules.of(handler);
      if (rules.size() != 1) {
        problems.add(info + " has " + rules.size() + " access rules: " + rules);
        continue;
      }
      if (rules.get(0) instanceof ClusterRoute cluster
          && info.getPatternValues().stream()
              .noneMatch(p -> p.contains("{" + cluster.idVariable() + "}"))) {
        problems.add(info + " is a @ClusterRoute without {" + cluster.idVariable() + "}");
      }
    }
    assertThat(problems).isEmpty();
    assertThat(governed).isGreaterThan(25);
  }
}
