package com.darwin.compute.api.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.web.context.request.async.AsyncRequestNotUsableException;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;

/**
 * An error after the answer began (a followed log whose next read failed mid-stream): logged, and
 * nothing written. The exception advice would write its envelope after the text already sent, and a
 * reader of the stream took the JSON for the log's last lines. The stream ends there; the SDK then
 * reads the job and, while it runs, opens the log again past what it had.
 */
final class CommittedAnswerResolver implements HandlerExceptionResolver {

  private static final Logger log = LoggerFactory.getLogger(CommittedAnswerResolver.class);

  @Override
  public ModelAndView resolveException(
      HttpServletRequest request, HttpServletResponse response, Object handler, Exception e) {
    if (!response.isCommitted()) {
      return null; // the exception advice answers it
    }
    if (e instanceof AsyncRequestNotUsableException
        || NestedExceptionUtils.getRootCause(e) instanceof IOException) {
      log.debug("The client went away during {}: {}", request.getRequestURI(), e.toString());
    } else {
      log.warn(
          "{} failed after its answer began; the answer ends here", request.getRequestURI(), e);
    }
    return new ModelAndView(); // empty: handled, nothing rendered
  }
}
