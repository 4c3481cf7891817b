package com.darwin.compute.api.web;

import java.io.IOException;
import java.io.Writer;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.http.HttpStatus;

/**
 * Tomcat's own error page, for what Tomcat refuses before Spring sees it (a {@code %00} or an
 * encoded {@code ../} in the path, invalid UTF-8, a request line over the header limit, a TRACE):
 * the same JSON envelope as every other error, instead of Tomcat's HTML. TRACE and CONNECT are
 * answered 405, as by the application itself.
 */
public class ErrorEnvelopeValve extends ErrorReportValve {

  @Override
  protected void report(Request request, Response response, Throwable throwable) {
    int status = response.getStatus();
    if (status < 400 || response.getContentWritten() > 0) {
      return;
    }
    AtomicBoolean ioAllowed = new AtomicBoolean(true);
    response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
    if (!ioAllowed.get() || !response.setErrorReported()) {
      return;
    }
    if (EnvelopeErrors.isRefusedMethod(request.getMethod())) {
      status = HttpStatus.METHOD_NOT_ALLOWED.value();
      response.setStatus(status);
    }
    try {
      response.setContentType("application/json");
      response.setCharacterEncoding("UTF-8");
      Writer writer = response.getReporter();
      if (writer != null) {
        writer.write(EnvelopeErrors.json(status, EnvelopeErrors.message(status)));
        response.finishResponse();
      }
    } catch (IOException | IllegalStateException e) {
      // The client is gone or the response was committed meanwhile: nothing more to say.
    }
  }
}
