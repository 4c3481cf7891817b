package com.darwin.compute.api.security;

import com.darwin.compute.api.web.MsdUserArgumentResolver;
import com.darwin.compute.api.web.MsdUserHeaderException;
import com.darwin.compute.core.access.Caller;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Set;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.util.matcher.IpAddressMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Header mode: the Darwin gateway authenticates users and forwards {@code msd-user}. The header is
 * believed only from the configured proxy addresses and, when a gateway secret is configured, only
 * with it; from anywhere else, or malformed, it is a 401. A request without the header stays
 * unidentified: the route rules then answer 401 unless the route is public.
 */
final class GatewayHeaderFilter extends OncePerRequestFilter {

  /**
   * The gateway sends the same few header values again and again: each is parsed as JSON once (a
   * JSON parse per request was a sixtieth of a read's CPU in B1's profile). Only values that parsed
   * are kept, only from trusted proxies, and at most this many (the least recently and frequently
   * used leave first).
   */
  static final int MAX_NAMES = 4_096;

  private final Cache<String, String> names =
      Caffeine.newBuilder().maximumSize(MAX_NAMES).executor(Runnable::run).build();
  private final List<IpAddressMatcher> trustedProxies;
  private final SecurityProperties.Header settings;
  private final Callers callers;
  private final FilterErrors errors;

  GatewayHeaderFilter(SecurityProperties.Header settings, Callers callers, FilterErrors errors) {
    this.settings = settings;
    this.trustedProxies = settings.trustedProxies().stream().map(IpAddressMatcher::new).toList();
    this.callers = callers;
    this.errors = errors;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String header = request.getHeader(MsdUserArgumentResolver.HEADER);
    if (header == null || header.isBlank()) {
      chain.doFilter(request, response);
      return;
    }
    // The TCP peer: forwarded-for headers are not applied (server.forward-headers-strategy: none),
    // or any caller could name the gateway's address as its own.
    String remote = request.getRemoteAddr();
    if (trustedProxies.stream().noneMatch(m -> m.matches(remote))) {
      errors.write(
          response,
          401,
          "UNTRUSTED_SOURCE",
          "msd-user is accepted only from the Darwin gateway; "
              + remote
              + " is not one of its addresses");
      return;
    }
    if (settings.secret() != null && !settings.secret().isEmpty() && !secretMatches(request)) {
      errors.write(
          response,
          401,
          "UNTRUSTED_SOURCE",
          "msd-user is accepted only with the gateway's secret in " + settings.secretHeader());
      return;
    }
    if (sentTwice(request, MsdUserArgumentResolver.HEADER)) {
      // Which one the gateway wrote cannot be told: a gateway that appends its header to the
      // client's own would otherwise let the client's win.
      errors.write(response, 401, "INVALID_HEADER", "msd-user was sent more than once");
      return;
    }
    String name = names.getIfPresent(header);
    if (name == null) {
      try {
        name = MsdUserArgumentResolver.parse(header).name();
      } catch (MsdUserHeaderException e) {
        errors.write(response, 401, "INVALID_HEADER", e.getMessage());
        return;
      }
      names.put(header, name);
    }
    String onBehalfOf = callers.onBehalfOfProblem(request);
    if (onBehalfOf != null) {
      errors.write(response, 401, "INVALID_HEADER", onBehalfOf);
      return;
    }
    Caller caller = callers.of(name, Set.of(), request);
    SecurityContextHolder.getContext().setAuthentication(new CallerAuthentication(caller));
    chain.doFilter(request, response);
  }

  private static boolean sentTwice(HttpServletRequest request, String header) {
    var values = request.getHeaders(header);
    if (values == null || !values.hasMoreElements()) {
      return false;
    }
    values.nextElement();
    return values.hasMoreElements();
  }

  private boolean secretMatches(HttpServletRequest request) {
    String sent = request.getHeader(settings.secretHeader());
    return sent != null
        && !sentTwice(request, settings.secretHeader())
        && MessageDigest.isEqual(
            sent.getBytes(StandardCharsets.UTF_8),
            settings.secret().getBytes(StandardCharsets.UTF_8));
  }
}
