package com.darwin.compute.api.web;

import com.darwin.compute.core.domain.ClusterNotFoundException;
import com.darwin.compute.core.event.ClusterEventService.RunNotFoundException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Ids are exact: an id in a path that no id could be spelled like (other characters, trailing
 * spaces, another length) is a 404 before any query. With the binary collation of the id columns
 * (V14_1) a case variant finds nothing either, so every spelling but the issued one is a 404.
 */
class IdentifierGuard implements HandlerInterceptor {

  /**
   * Generated ids are {@code id-} / {@code run_id-} and 16 lower-case characters; older ones vary.
   */
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

  @Override
  public boolean preHandle(
      HttpServletRequest request, HttpServletResponse response, Object handler) {
    Object attribute = request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
    if (attribute instanceof Map<?, ?> variables) {
      check(variables.get("clusterId"), false);
      check(variables.get("cluster_id"), false);
      check(variables.get("runId"), true);
      check(variables.get("run_id"), true);
    }
    return true;
  }

  private static void check(Object value, boolean run) {
    if (value instanceof String id && !ID.matcher(id).matches()) {
      String shown = printable(id);
      throw run ? new RunNotFoundException(shown) : new ClusterNotFoundException(shown);
    }
  }

  /** The id as it may be echoed in a message: printable ASCII, at most 64 characters. */
  static String printable(String id) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < id.length() && sb.length() < 64; i++) {
      char c = id.charAt(i);
      sb.append(c >= 0x20 && c < 0x7f ? c : '?');
    }
    return sb.length() < id.length() ? sb + "..." : sb.toString();
  }
}
