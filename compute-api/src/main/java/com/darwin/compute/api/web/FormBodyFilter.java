package com.darwin.compute.api.web;

import com.darwin.compute.model.common.Envelope;
import com.darwin.compute.model.common.ErrorDetails;
import com.darwin.compute.model.common.FieldError;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.springframework.boot.servlet.filter.OrderedFormContentFilter;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageNotReadableException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Spring's filter that reads the form body of a PUT, PATCH or DELETE into the request's parameters,
 * with a 400 in the envelope for a body it cannot decode: its decoder throws before any handler or
 * exception advice, which made a broken escape ({@code a=%zz}) a 500. Failures after the body was
 * read are left to the rest of the chain.
 */
final class FormBodyFilter extends OrderedFormContentFilter {

  private static final JsonMapper MAPPER = JsonMapper.builder().build();

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    boolean[] passedOn = {false};
    try {
      super.doFilterInternal(
          request,
          response,
          (req, res) -> {
            passedOn[0] = true;
            chain.doFilter(req, res);
          });
    } catch (HttpMessageNotReadableException | IllegalArgumentException undecodable) {
      if (passedOn[0] || response.isCommitted()) {
        throw undecodable;
      }
      String message = "is not valid percent-encoded UTF-8";
      response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
      response.setContentType(MediaType.APPLICATION_JSON_VALUE);
      response.setCharacterEncoding("UTF-8");
      response
          .getWriter()
          .write(
              MAPPER.writeValueAsString(
                  Envelope.error(
                      new ErrorDetails("INVALID_REQUEST", List.of(new FieldError("body", message))),
                      "The form body " + message)));
    }
  }
}
