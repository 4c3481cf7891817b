package com.darwin.compute.api.security;

import com.darwin.compute.api.web.AuthenticationRequiredException;
import com.darwin.compute.core.access.AccessDeniedException;
import com.darwin.compute.core.access.Caller;
import com.darwin.compute.core.access.ClusterAccessService;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.lang.annotation.Annotation;
import java.util.List;
import java.util.Map;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Applies each route's rule before its handler runs. Here rather than in the security filter chain:
 * the handler (and so its rule) and the cluster id of the path are known, and refusals go through
 * ApiExceptionHandler like every other error.
 */
final class RouteRuleInterceptor implements HandlerInterceptor {

  private final SecurityProperties properties;
  private final Callers callers;
  private final ClusterAccessService access;

  RouteRuleInterceptor(
      SecurityProperties properties, Callers callers, ClusterAccessService access) {
    this.properties = properties;
    this.callers = callers;
    this.access = access;
  }

  @Override
  public boolean preHandle(
      HttpServletRequest request, HttpServletResponse response, Object handler) {
    if (!(handler instanceof HandlerMethod method) || !RouteRules.governs(method)) {
      return true;
    }
    if (request.getDispatcherType() == DispatcherType.ASYNC) {
      // The second dispatch of a streamed answer (followed job logs): the request was checked on
      // its first dispatch, and the stream has started, so a refusal now would only cut it.
      return true;
    }
    List<Annotation> rules = RouteRules.of(method);
    if (rules.size() != 1) {
      // Fail closed: a route someone forgot to give a rule is nobody's.
      throw new AccessDeniedException(
          "rule", "No access rule is declared for " + request.getRequestURI());
    }
    Annotation rule = rules.get(0);
    if (rule instanceof PublicRoute) {
      return true;
    }
    Caller caller = Callers.current();
    if (caller == null) {
      if (rule instanceof CallerRoute c && anonymousMayPass(c, request)) {
        return true;
      }
      throw new AuthenticationRequiredException(
          "Authentication required: send "
              + (properties.mode() == SecurityProperties.Mode.JWT
                  ? "a bearer token (Authorization: Bearer ...)"
                  : "the request through the Darwin gateway (msd-user: {\"email\": ...})"));
    }
    if (callers.claimsToActForAnother(request, caller)) {
      throw new AccessDeniedException(
          "delegate",
          caller.name()
              + " may not act on behalf of another user: only configured delegates may send "
              + properties.onBehalfOfHeader());
    }
    if (rule instanceof AdminRoute && !caller.admin()) {
      throw new AccessDeniedException("admin", "Only admins may call " + request.getRequestURI());
    }
    if (rule instanceof ClusterRoute clusterRule) {
      @SuppressWarnings("unchecked")
      Map<String, String> variables =
          (Map<String, String>)
              request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
      String clusterId = variables == null ? null : variables.get(clusterRule.idVariable());
      if (clusterId == null) {
        throw new AccessDeniedException(
            "rule",
            "The access rule of "
                + request.getRequestURI()
                + " names no {"
                + clusterRule.idVariable()
                + "} path variable");
      }
      access.require(clusterId, caller, clusterRule.value());
    }
    return true;
  }

  /**
   * The sandbox's exceptions for unidentified requests: a create whose body names its user, and
   * reads. Only reads: a change needs someone to check it against and to sign it.
   */
  private boolean anonymousMayPass(CallerRoute rule, HttpServletRequest request) {
    if (rule.bodyUserMayIdentify()) {
      return properties.bodyUserWhenAnonymous();
    }
    return properties.anonymousReads() && (rule.readOnly() || isRead(request.getMethod()));
  }

  private static boolean isRead(String method) {
    return "GET".equals(method) || "HEAD".equals(method);
  }
}
