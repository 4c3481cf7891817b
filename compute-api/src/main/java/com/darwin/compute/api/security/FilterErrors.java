package com.darwin.compute.api.security;

import com.darwin.compute.api.web.RefusalCounter;
import com.darwin.compute.model.common.Envelope;
import com.darwin.compute.model.common.ErrorDetails;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes the envelope for what is refused before Spring MVC (and so before ApiExceptionHandler):
 * bad or missing credentials, untrusted gateways, rate limits.
 */
@Component
public class FilterErrors {

  private static final JsonMapper MAPPER = JsonMapper.builder().build();
  private final RefusalCounter refusals;

  public FilterErrors(RefusalCounter refusals) {
    this.refusals = refusals;
  }

  public void write(HttpServletResponse response, int status, String code, String message)
      throws IOException {
    refusals.refused(
        switch (status) {
          case 401 -> "unauthenticated";
          case 429 -> "rate";
          default -> "forbidden";
        });
    response.setStatus(status);
    response.setContentType(MediaType.APPLICATION_JSON_VALUE);
    response.setCharacterEncoding("UTF-8");
    if (status == 401) {
      response.setHeader("WWW-Authenticate", "Bearer");
    }
    response
        .getWriter()
        .write(
            MAPPER.writeValueAsString(Envelope.error(new ErrorDetails(code, List.of()), message)));
  }
}
