package com.darwin.compute.api.web;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/** Flushes wait for the end of a plain request; a streamed (async) answer flushes at once. */
class SingleWriteResponseFilterTest {

  private final SingleWriteResponseFilter filter = new SingleWriteResponseFilter();

  @Test
  void aPlainAnswerIsNotCommittedByTheFlushesOfItsWriters() throws Exception {
    MockHttpServletRequest request = new MockHttpServletRequest("GET", "/cluster/id-x");
    MockHttpServletResponse response = new MockHttpServletResponse();
    AtomicReference<Boolean> committedInside = new AtomicReference<>();
    filter.doFilter(
        request,
        response,
        (req, res) -> {
          HttpServletResponse http = (HttpServletResponse) res;
          http.setStatus(200);
          http.setHeader("X-Request-Id", "abc");
          http.getOutputStream().write("{\"status\":".getBytes(StandardCharsets.UTF_8));
          http.getOutputStream().flush();
          http.getOutputStream().write("\"SUCCESS\"}".getBytes(StandardCharsets.UTF_8));
          http.flushBuffer();
          committedInside.set(http.isCommitted());
        });
    assertThat(committedInside.get()).isFalse();
    assertThat(response.getContentAsString()).isEqualTo("{\"status\":\"SUCCESS\"}");
    assertThat(response.getStatus()).isEqualTo(200);
    assertThat(response.getHeader("X-Request-Id")).isEqualTo("abc");
  }

  @Test
  void aStreamedAnswerFlushesAsItIsWritten() throws Exception {
    MockHttpServletRequest request = new MockHttpServletRequest("GET", "/cluster/id-x/jobs/j/logs");
    MockHttpServletResponse response = new MockHttpServletResponse();
    AtomicReference<Boolean> afterStreamFlush = new AtomicReference<>();
    AtomicReference<Boolean> afterBufferFlush = new AtomicReference<>();
    filter.doFilter(
        request,
        response,
        (req, res) -> {
          HttpServletResponse http = (HttpServletResponse) res;
          request.setAsyncStarted(true);
          http.getOutputStream().write("line\n".getBytes(StandardCharsets.UTF_8));
          http.getOutputStream().flush();
          afterStreamFlush.set(response.isCommitted());
          http.flushBuffer();
          afterBufferFlush.set(response.isCommitted());
        });
    assertThat(afterStreamFlush.get()).isTrue();
    assertThat(afterBufferFlush.get()).isTrue();
    assertThat(response.getContentAsString()).isEqualTo("line\n");
  }
}
