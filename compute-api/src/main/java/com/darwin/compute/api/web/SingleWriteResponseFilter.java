package com.darwin.compute.api.web;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;

/**
 * Lets an answer that fits Tomcat's response buffer leave in one write, with a Content-Length.
 * Spring MVC flushes after writing a body (Jackson after its value, the converter after the body,
 * the return value handler after the headers); the first flush commits the response before its
 * length is known, so Tomcat sends it chunked and writes the closing chunk separately when the
 * request ends: two writes per GET where the answer was already complete. Here those flushes wait
 * until the request ends, when Tomcat commits what it holds with its length. The body bytes, the
 * status and every header set by the application are unchanged; an answer larger than the buffer is
 * still sent as it is written (Tomcat flushes a full buffer itself). Streamed answers (followed job
 * logs) flush from their asynchronous writer, after the request has started async processing: those
 * flushes go through at once.
 */
final class SingleWriteResponseFilter implements Filter {

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (request instanceof HttpServletRequest http
        && response instanceof HttpServletResponse httpResponse) {
      chain.doFilter(request, new DeferredFlushResponse(http, httpResponse));
    } else {
      chain.doFilter(request, response);
    }
  }

  /** Flushes only once the request has gone asynchronous (a stream being written). */
  static final class DeferredFlushResponse extends HttpServletResponseWrapper {

    private final HttpServletRequest request;
    private DeferredFlushStream stream;

    DeferredFlushResponse(HttpServletRequest request, HttpServletResponse response) {
      super(response);
      this.request = request;
    }

    boolean flushNow() {
      return request.isAsyncStarted();
    }

    @Override
    public void flushBuffer() throws IOException {
      if (flushNow()) {
        super.flushBuffer();
      }
    }

    @Override
    public ServletOutputStream getOutputStream() throws IOException {
      ServletOutputStream target = super.getOutputStream();
      if (stream == null || stream.target != target) {
        stream = new DeferredFlushStream(target, this);
      }
      return stream;
    }
  }

  private static final class DeferredFlushStream extends ServletOutputStream {

    private final ServletOutputStream target;
    private final DeferredFlushResponse response;

    DeferredFlushStream(ServletOutputStream target, DeferredFlushResponse response) {
      this.target = target;
      this.response = response;
    }

    @Override
    public void write(int b) throws IOException {
      target.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      target.write(b, off, len);
    }

    @Override
    public void flush() throws IOException {
      if (response.flushNow()) {
        target.flush();
      }
    }

    @Override
    public void close() throws IOException {
      target.close();
    }

    @Override
    public boolean isReady() {
      return target.isReady();
    }

    @Override
    public void setWriteListener(WriteListener listener) {
      target.setWriteListener(listener);
    }
  }
}
