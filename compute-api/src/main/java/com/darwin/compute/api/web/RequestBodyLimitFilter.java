package com.darwin.compute.api.web;

import com.darwin.compute.core.config.RequestLimitsProperties;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UnsupportedEncodingException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * No request body beyond {@code compute.request-limits.max-body} is read: every field has its own
 * bound, but the body they arrive in had none, so a 40 MB {@code runtime_env} or a PUT form of any
 * size was read whole into the heap before anything looked at it (a POST form is read by Tomcat,
 * whose {@code maxPostSize} is set to the same limit). A body declared larger is a 413 without
 * being read; one sent without a length is counted as it is read and cut off at the limit (a 413
 * too). Working-directory uploads (zip or octet-stream bodies, which only that route accepts) are
 * left to their own limit, {@code compute.jobs.max-package-size}, and are streamed to disk rather
 * than held.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class RequestBodyLimitFilter extends OncePerRequestFilter {

  private static final MediaType ZIP = MediaType.parseMediaType("application/zip");

  private final long max;

  RequestBodyLimitFilter(RequestLimitsProperties limits) {
    this.max = limits.maxBody().toBytes();
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    long declared = request.getContentLengthLong();
    // HTTP/2 sends a body without a length and without Transfer-Encoding.
    boolean unbounded =
        declared < 0
            && (request.getHeader("Transfer-Encoding") != null
                || !"HTTP/1.1".equals(request.getProtocol())
                    && !"HTTP/1.0".equals(request.getProtocol()));
    if ((declared <= 0 && !unbounded) || isPackageUpload(request)) {
      chain.doFilter(request, response);
      return;
    }
    if (declared > max) {
      refuse(response);
      return;
    }
    if (!unbounded) {
      chain.doFilter(request, response); // Tomcat reads no more than the declared length
      return;
    }
    try {
      chain.doFilter(new Bounded(request, max), response);
    } catch (IOException | ServletException | RuntimeException e) {
      // A reader that lets the failure through (the form decoder, a filter); MVC's readers are
      // answered by the exception advice.
      if (RequestBodyTooLargeException.in(e) == null || response.isCommitted()) {
        throw e;
      }
      response.resetBuffer();
      refuse(response);
    }
  }

  private void refuse(HttpServletResponse response) throws IOException {
    response.setStatus(413);
    response.setContentType(MediaType.APPLICATION_JSON_VALUE);
    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
    // The rest of the body is not read: the connection goes once the answer is written.
    response.setHeader("Connection", "close");
    response.getWriter().write(EnvelopeErrors.json(413, RequestBodyTooLargeException.refusal(max)));
  }

  private static boolean isPackageUpload(HttpServletRequest request) {
    String type = request.getContentType();
    if (type == null) {
      return false;
    }
    try {
      MediaType media = MediaType.parseMediaType(type);
      return ZIP.equalsTypeAndSubtype(media)
          || MediaType.APPLICATION_OCTET_STREAM.equalsTypeAndSubtype(media);
    } catch (InvalidMediaTypeException e) {
      return false;
    }
  }

  /** The request with a body that fails once it passes the limit. */
  private static final class Bounded extends HttpServletRequestWrapper {

    private final long max;
    private ServletInputStream stream;

    Bounded(HttpServletRequest request, long max) {
      super(request);
      this.max = max;
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
      if (stream == null) {
        stream = new CountingStream(super.getInputStream(), max);
      }
      return stream;
    }

    @Override
    public BufferedReader getReader() throws IOException {
      String encoding = getCharacterEncoding();
      Charset charset;
      try {
        charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
      } catch (IllegalArgumentException e) {
        throw new UnsupportedEncodingException(encoding);
      }
      return new BufferedReader(new InputStreamReader(getInputStream(), charset));
    }
  }

  private static final class CountingStream extends ServletInputStream {

    private final ServletInputStream in;
    private final long max;
    private long read;

    CountingStream(ServletInputStream in, long max) {
      this.in = in;
      this.max = max;
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      if (b >= 0) {
        count(1);
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = in.read(buffer, offset, length);
      if (n > 0) {
        count(n);
      }
      return n;
    }

    private void count(int n) throws RequestBodyTooLargeException {
      read += n;
      if (read > max) {
        throw new RequestBodyTooLargeException(max);
      }
    }

    @Override
    public boolean isFinished() {
      return in.isFinished();
    }

    @Override
    public boolean isReady() {
      return in.isReady();
    }

    @Override
    public void setReadListener(ReadListener listener) {
      in.setReadListener(listener);
    }
  }
}
