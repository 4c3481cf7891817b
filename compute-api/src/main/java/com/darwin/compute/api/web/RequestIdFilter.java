package com.darwin.compute.api.web;

import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Gives every request an id: the caller's {@value #HEADER} when it is a plain token, a new UUID
 * otherwise. It is returned in the response header of the same name, and sits in the logging MDC
 * under {@value #MDC_KEY} while the request runs (the log pattern prints it), so a user's error
 * report leads to its log lines. One access line per request is logged by {@value #ACCESS_LOGGER}
 * (INFO; probes and scrapes at DEBUG), a stream's when it ends.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class RequestIdFilter extends OncePerRequestFilter {

  public static final String HEADER = "X-Request-Id";
  public static final String MDC_KEY = "requestId";
  static final String ACCESS_LOGGER = "com.darwin.compute.api.access";

  // What a caller may choose: no spaces, quotes or line breaks, so an id can never forge a log
  // line or a header. Anything else is replaced, not rejected: the request itself is fine.
  private static final Pattern ACCEPTED = Pattern.compile("[A-Za-z0-9._:@/+=-]{1,128}");

  private static final Logger access = LoggerFactory.getLogger(ACCESS_LOGGER);

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    // On the error dispatch the response already carries the id chosen for the request.
    String id = response.getHeader(HEADER);
    if (id == null) {
      String sent = request.getHeader(HEADER);
      id = sent != null && ACCEPTED.matcher(sent).matches() ? sent : RequestIds.next();
      response.setHeader(HEADER, id);
    }
    long begin = System.nanoTime();
    MDC.put(MDC_KEY, id);
    try {
      chain.doFilter(request, response);
    } finally {
      if (isAsyncStarted(request)) {
        logWhenComplete(request, response, id, begin);
      } else if (!isErrorDispatch(request)) {
        logAccess(request, response, (System.nanoTime() - begin) / 1_000_000);
      }
      MDC.remove(MDC_KEY);
    }
  }

  /**
   * A stream (followed job logs) is logged once it ends, with its whole duration: its later
   * dispatches do not pass this filter, so without this it was never logged.
   */
  private static void logWhenComplete(
      HttpServletRequest request, HttpServletResponse response, String id, long begin) {
    request
        .getAsyncContext()
        .addListener(
            new AsyncListener() {
              @Override
              public void onComplete(AsyncEvent event) {
                MDC.put(MDC_KEY, id);
                try {
                  logAccess(request, response, (System.nanoTime() - begin) / 1_000_000);
                } finally {
                  MDC.remove(MDC_KEY);
                }
              }

              @Override
              public void onTimeout(AsyncEvent event) {}

              @Override
              public void onError(AsyncEvent event) {}

              @Override
              public void onStartAsync(AsyncEvent event) {}
            });
  }

  @Override
  protected boolean shouldNotFilterErrorDispatch() {
    return false;
  }

  private static boolean isErrorDispatch(HttpServletRequest request) {
    return request.getDispatcherType() == jakarta.servlet.DispatcherType.ERROR;
  }

  private static void logAccess(HttpServletRequest request, HttpServletResponse response, long ms) {
    String path = request.getRequestURI();
    boolean routine =
        path.startsWith("/actuator") || path.equals("/livez") || path.equals("/readyz");
    if (routine ? access.isDebugEnabled() : access.isInfoEnabled()) {
      String line = "{} {} {} {} ms";
      Object[] args = {request.getMethod(), path, response.getStatus(), ms};
      if (routine) {
        access.debug(line, args);
      } else {
        access.info(line, args);
      }
    }
  }
}
