package com.darwin.compute.api.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.context.support.StaticApplicationContext;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerExecutionChain;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/** The shortcut finds what Spring's own lookup finds, and refuses what it refuses. */
class FirstSegmentHandlerMappingTest {

  @RestController
  static class Routes {
    @GetMapping("/cluster/{clusterId}")
    String details(@PathVariable String clusterId) {
      return clusterId;
    }

    @GetMapping("/cluster/{clusterId}/metadata")
    String metadata(@PathVariable String clusterId) {
      return clusterId;
    }

    @PostMapping("/cluster/search")
    String search() {
      return "";
    }

    @GetMapping({"/health", "/healthz"})
    String health() {
      return "";
    }

    @GetMapping("/{kind}/tail")
    String anyFirstSegment(@PathVariable String kind) {
      return kind;
    }

    @RequestMapping("/runtime/v2/{name}")
    String runtime(@PathVariable String name) {
      return name;
    }

    @GetMapping("/files/{*rest}")
    String files(@PathVariable String rest) {
      return rest;
    }

    @GetMapping("/static/**")
    String statics() {
      return "";
    }

    @GetMapping("/cluster/{clusterId}/jobs/{jobId}/logs")
    String logs(@PathVariable String clusterId, @PathVariable String jobId) {
      return jobId;
    }

    @GetMapping("/version/{v:[a-z]+}")
    String version(@PathVariable String v) {
      return v;
    }
  }

  private final RequestMappingHandlerMapping spring = mapping(new RequestMappingHandlerMapping());
  private final RequestMappingHandlerMapping shortcut = mapping(new FirstSegmentHandlerMapping());

  private static RequestMappingHandlerMapping mapping(RequestMappingHandlerMapping mapping) {
    StaticApplicationContext context = new StaticApplicationContext();
    context.registerSingleton("routes", Routes.class);
    context.refresh();
    mapping.setApplicationContext(context);
    mapping.afterPropertiesSet();
    return mapping;
  }

  @Test
  void everyPathFindsTheSameHandlerAsSpringsLookup() throws Exception {
    List<String[]> requests =
        List.of(
            new String[] {"GET", "/cluster/id-abc"},
            new String[] {"GET", "/cluster/id-abc/metadata"},
            new String[] {"POST", "/cluster/search"},
            new String[] {"GET", "/health"},
            new String[] {"GET", "/healthz"},
            new String[] {"GET", "/cluster/tail"},
            new String[] {"GET", "/anything/tail"},
            new String[] {"DELETE", "/runtime/v2/rt"},
            new String[] {"GET", "/cluster;v=1/id-abc"},
            new String[] {"GET", "/nothing/here"},
            new String[] {"GET", "/"},
            new String[] {"GET", "/cluster/id-abc/"},
            new String[] {"GET", "/cluster/id-abc/metadata/"},
            new String[] {"GET", "/cluster//id-abc"},
            new String[] {"GET", "/cluster/a%2Fb"},
            new String[] {"GET", "/cluster/id-abc/jobs/j1/logs"},
            new String[] {"GET", "/cluster/id-abc/jobs/j1"},
            new String[] {"GET", "/files/a/b/c"},
            new String[] {"GET", "/files/"},
            new String[] {"GET", "/static/x/y/z.js"},
            new String[] {"GET", "/version/abc"},
            new String[] {"GET", "/cluster"});
    for (String[] request : requests) {
      assertThat(handler(shortcut, request))
          .as(request[0] + " " + request[1])
          .isEqualTo(handler(spring, request));
    }
    assertThat(handler(shortcut, new String[] {"GET", "/cluster/id-abc/metadata"}))
        .isEqualTo("metadata");
    assertThat(handler(shortcut, new String[] {"GET", "/nothing/here"})).isNull();
  }

  @Test
  void aPathOfAnotherMethodIsStillRefusedAs405() {
    for (RequestMappingHandlerMapping mapping : List.of(spring, shortcut)) {
      assertThatThrownBy(() -> mapping.getHandler(new MockHttpServletRequest("PUT", "/cluster/x")))
          .isInstanceOf(HttpRequestMethodNotSupportedException.class);
    }
  }

  @Test
  void onlyPlainLiteralFirstSegmentsAreShortcuts() {
    assertThat(FirstSegmentHandlerMapping.literals(info("/cluster/{id}")))
        .containsExactly("cluster");
    assertThat(FirstSegmentHandlerMapping.literals(info("/health", "/healthz")))
        .containsExactlyInAnyOrder("health", "healthz");
    assertThat(FirstSegmentHandlerMapping.literals(info("/{kind}/tail"))).isEmpty();
    assertThat(FirstSegmentHandlerMapping.literals(info("/**"))).isEmpty();
    assertThat(FirstSegmentHandlerMapping.literals(info("/cluster/x", "/{any}"))).isEmpty();
  }

  @Test
  void onlyPatternsWithoutWildcardsHaveAFixedNumberOfSeparators() {
    assertThat(FirstSegmentHandlerMapping.separators(info("/cluster/{id}"))).containsExactly(2);
    assertThat(FirstSegmentHandlerMapping.separators(info("/cluster/{id}/metadata", "/health")))
        .containsExactlyInAnyOrder(3, 1);
    assertThat(FirstSegmentHandlerMapping.separators(info("/files/{*rest}"))).isEmpty();
    assertThat(FirstSegmentHandlerMapping.separators(info("/static/**"))).isEmpty();
    assertThat(FirstSegmentHandlerMapping.separators(info("/v/{v:[a-z]+}"))).isEmpty();
    FirstSegmentHandlerMapping.Shape shape =
        FirstSegmentHandlerMapping.shape(info("/cluster/{id}"));
    assertThat(shape.admits(new FirstSegmentHandlerMapping.Probe("cluster", 2))).isTrue();
    // A trailing slash is Spring's to judge.
    assertThat(shape.admits(new FirstSegmentHandlerMapping.Probe("cluster", 3))).isTrue();
    assertThat(shape.admits(new FirstSegmentHandlerMapping.Probe("cluster", 4))).isFalse();
    assertThat(shape.admits(new FirstSegmentHandlerMapping.Probe("cluster", 1))).isFalse();
    assertThat(shape.admits(new FirstSegmentHandlerMapping.Probe("health", 2))).isFalse();
  }

  private static org.springframework.web.servlet.mvc.method.RequestMappingInfo info(
      String... paths) {
    return org.springframework.web.servlet.mvc.method.RequestMappingInfo.paths(paths)
        .options(
            new org.springframework.web.servlet.mvc.method.RequestMappingInfo
                .BuilderConfiguration())
        .build();
  }

  private static String handler(RequestMappingHandlerMapping mapping, String[] request)
      throws Exception {
    HandlerExecutionChain chain =
        mapping.getHandler(new MockHttpServletRequest(request[0], request[1]));
    return chain == null ? null : ((HandlerMethod) chain.getHandler()).getMethod().getName();
  }
}
