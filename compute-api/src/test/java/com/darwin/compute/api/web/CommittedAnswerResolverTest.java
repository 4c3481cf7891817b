package com.darwin.compute.api.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import com.darwin.compute.core.config.RequestLimitsProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockServletContext;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.support.AnnotationConfigWebApplicationContext;
import org.springframework.web.servlet.config.annotation.EnableWebMvc;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * With the service's MVC configuration and exception advice: an error after a streamed answer began
 * ends the stream as it is (the text a reader had is all it gets), and one before it is still
 * answered in the envelope.
 */
class CommittedAnswerResolverTest {

  private AnnotationConfigWebApplicationContext context;
  private MockMvc mvc;

  @BeforeEach
  void start() {
    context = new AnnotationConfigWebApplicationContext();
    context.register(Mvc.class);
    context.setServletContext(new MockServletContext());
    context.refresh();
    mvc = MockMvcBuilders.webAppContextSetup(context).build();
  }

  @AfterEach
  void stop() {
    context.close();
  }

  @Test
  void anErrorMidStreamLeavesTheTextSentAndAddsNoEnvelope() throws Exception {
    MvcResult started = mvc.perform(get("/stream")).andReturn();
    started.getAsyncResult(10_000);
    MvcResult done = mvc.perform(asyncDispatch(started)).andReturn();
    assertThat(done.getResponse().getStatus()).isEqualTo(200);
    assertThat(done.getResponse().getContentAsString(StandardCharsets.UTF_8))
        .isEqualTo("first line\n");
  }

  @Test
  void anErrorBeforeTheAnswerBeganIsStillAnsweredInTheEnvelope() throws Exception {
    MvcResult done = mvc.perform(get("/before")).andReturn();
    assertThat(done.getResponse().getStatus()).isEqualTo(500);
    assertThat(done.getResponse().getContentAsString()).contains("\"code\":\"INTERNAL_ERROR\"");
  }

  @Configuration(proxyBeanMethods = false)
  @EnableWebMvc
  @Import(WebConfiguration.class)
  static class Mvc {
    @Bean
    ApiExceptionHandler advice() {
      return new ApiExceptionHandler(
          new RefusalCounter(new SimpleMeterRegistry()), RequestLimitsProperties.defaults());
    }

    @Bean
    Streams streams() {
      return new Streams();
    }
  }

  @RestController
  static class Streams {
    @GetMapping("/stream")
    ResponseEntity<StreamingResponseBody> stream(HttpServletResponse response) {
      StreamingResponseBody body =
          out -> {
            out.write("first line\n".getBytes(StandardCharsets.UTF_8));
            response.flushBuffer(); // the answer has begun
            throw new IllegalStateException("the database went away mid-follow");
          };
      return ResponseEntity.ok().contentType(MediaType.TEXT_PLAIN).body(body);
    }

    @GetMapping("/before")
    String before() {
      throw new IllegalStateException("a bug before the answer");
    }
  }
}
