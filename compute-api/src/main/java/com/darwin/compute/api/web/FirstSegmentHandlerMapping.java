package com.darwin.compute.api.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.http.server.PathContainer;
import org.springframework.http.server.RequestPath;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.condition.PathPatternsRequestCondition;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.ServletRequestPathUtils;
import org.springframework.web.util.pattern.PathPattern;

/**
 * Spring MVC's mapping, with one shortcut: a path with a variable ({@code /cluster/{id}}) is looked
 * up by testing every mapping with a variable in turn (HTTP method, parameters, headers, media
 * types, then the pattern), about 100 of them here, which was a twelfth of a read's CPU in B1's
 * profile. A mapping whose patterns all begin with a literal segment ({@code /cluster/...}) cannot
 * match a path whose first segment is another, so it is refused on that comparison alone; every
 * other mapping, and every mapping that could match, goes through Spring's full test as before.
 * Which mapping wins, and the 404/405/415 answers when none does, are Spring's.
 */
final class FirstSegmentHandlerMapping extends RequestMappingHandlerMapping {

  /** Per mapping: the literal first segments of its patterns, or empty when any is not literal. */
  private final Map<RequestMappingInfo, Set<String>> firstSegments = new ConcurrentHashMap<>();

  /** The first segment of the path being looked up on this thread: found once per lookup. */
  private static final ThreadLocal<String> lookingUp = new ThreadLocal<>();

  @Override
  protected HandlerMethod lookupHandlerMethod(String lookupPath, HttpServletRequest request)
      throws Exception {
    String previous = lookingUp.get();
    lookingUp.set(
        ServletRequestPathUtils.hasParsedRequestPath(request)
            ? firstSegment(ServletRequestPathUtils.getParsedRequestPath(request))
            : null);
    try {
      return super.lookupHandlerMethod(lookupPath, request);
    } finally {
      lookingUp.set(previous);
    }
  }

  @Override
  protected RequestMappingInfo getMatchingMapping(
      RequestMappingInfo info, HttpServletRequest request) {
    String first = lookingUp.get();
    if (first != null) {
      Set<String> literals = firstSegments.get(info);
      if (literals == null) {
        literals = firstSegments.computeIfAbsent(info, FirstSegmentHandlerMapping::literals);
      }
      if (!literals.isEmpty() && !literals.contains(first)) {
        return null;
      }
    }
    return super.getMatchingMapping(info, request);
  }

  /** The first segment of the path within the application as patterns match it (decoded). */
  static String firstSegment(RequestPath path) {
    List<PathContainer.Element> elements = path.pathWithinApplication().elements();
    if (elements.isEmpty()) {
      return null;
    }
    int at = elements.get(0) instanceof PathContainer.Separator ? 1 : 0;
    if (at >= elements.size()) {
      return "";
    }
    return elements.get(at) instanceof PathContainer.PathSegment segment
        ? segment.valueToMatch()
        : null;
  }

  /**
   * The first segments of a mapping's patterns when every one is a plain literal ({@code /cluster},
   * {@code /cluster/{id}}), else none: a variable, a wildcard or an escape there could match other
   * segments.
   */
  static Set<String> literals(RequestMappingInfo info) {
    PathPatternsRequestCondition condition = info.getPathPatternsCondition();
    if (condition == null || condition.getPatterns().isEmpty()) {
      return Set.of();
    }
    Set<String> literals = new HashSet<>();
    for (PathPattern pattern : condition.getPatterns()) {
      String text = pattern.getPatternString();
      if (!text.startsWith("/")) {
        return Set.of();
      }
      int end = text.indexOf('/', 1);
      String first = end < 0 ? text.substring(1) : text.substring(1, end);
      if (first.isEmpty() || first.chars().anyMatch(c -> "{}*?%;\\".indexOf(c) >= 0)) {
        return Set.of();
      }
      literals.add(first);
    }
    return Set.copyOf(literals);
  }
}
