package com.darwin.compute.api.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/** TRACE and CONNECT are 405 in the envelope, before any other filter or the dispatcher. */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class RefusedMethodsFilter extends OncePerRequestFilter {

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (!EnvelopeErrors.isRefusedMethod(request.getMethod())) {
      chain.doFilter(request, response);
      return;
    }
    response.setStatus(405);
    response.setHeader("Allow", "GET, HEAD, POST, PUT, DELETE, OPTIONS");
    response.setContentType("application/json");
    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
    response.getWriter().write(EnvelopeErrors.json(405, EnvelopeErrors.message(405)));
  }
}
