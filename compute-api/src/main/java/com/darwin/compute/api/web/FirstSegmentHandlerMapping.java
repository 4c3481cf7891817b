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
 * Likewise a mapping whose patterns have no wildcard ({@code /cluster/{id}/metadata}: three
 * separators) cannot match a path with another number of separators (a trailing one aside), so
 * {@code /cluster/{id}} is no longer matched against the twenty other {@code /cluster/...}
 * patterns. Which mapping wins, and the 404/405/415 answers when none does, are Spring's.
 *
 * <p>It is also consulted before the actuator's mappings ({@value #ORDER}; theirs are -100, and
 * Spring would give this one 0). The actuator's answer no path of the application (its patterns are
 * {@code /actuator/**}, {@code /livez}, {@code /readyz}; {@code HandlerMappingOrderIT} checks none
 * of them is claimed here), so which handler serves a request is unchanged; but every application
 * request was first tested against each actuator mapping, accept header parsed for their media
 * types included: a fortieth of a read's CPU in B1's profile.
 */
final class FirstSegmentHandlerMapping extends RequestMappingHandlerMapping {

  /** Before the actuator's endpoint mappings (-100). */
  static final int ORDER = -200;

  /** Per mapping: what paths it could match at all, found once. */
  private final Map<RequestMappingInfo, Shape> shapes = new ConcurrentHashMap<>();

  /**
   * The path being looked up on this thread, as far as shapes compare it: found once per lookup.
   */
  private static final ThreadLocal<Probe> lookingUp = new ThreadLocal<>();

  /** A path's first segment (null: none or not plain) and number of separators. */
  record Probe(String first, int separators) {}

  /**
   * The literal first segments of a mapping's patterns (empty: any) and their numbers of separators
   * (empty: any, as when a pattern has a wildcard).
   */
  record Shape(Set<String> literals, Set<Integer> separators) {

    boolean admits(Probe path) {
      if (path.first() != null && !literals.isEmpty() && !literals.contains(path.first())) {
        return false;
      }
      // One more separator than the pattern: a trailing slash, left to Spring to judge.
      return separators.isEmpty()
          || separators.contains(path.separators())
          || separators.contains(path.separators() - 1);
    }
  }

  /** {@value #ORDER} whatever Spring's configuration sets (it sets 0 after creating it). */
  @Override
  public int getOrder() {
    return ORDER;
  }

  @Override
  protected HandlerMethod lookupHandlerMethod(String lookupPath, HttpServletRequest request)
      throws Exception {
    Probe previous = lookingUp.get();
    lookingUp.set(
        ServletRequestPathUtils.hasParsedRequestPath(request)
            ? probe(ServletRequestPathUtils.getParsedRequestPath(request))
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
    Probe path = lookingUp.get();
    if (path != null) {
      Shape shape = shapes.get(info);
      if (shape == null) {
        shape = shapes.computeIfAbsent(info, FirstSegmentHandlerMapping::shape);
      }
      if (!shape.admits(path)) {
        return null;
      }
    }
    return super.getMatchingMapping(info, request);
  }

  static Probe probe(RequestPath path) {
    int separators = 0;
    for (PathContainer.Element element : path.pathWithinApplication().elements()) {
      if (element instanceof PathContainer.Separator) {
        separators++;
      }
    }
    return new Probe(firstSegment(path), separators);
  }

  static Shape shape(RequestMappingInfo info) {
    return new Shape(literals(info), separators(info));
  }

  /**
   * The numbers of separators of a mapping's patterns when none has a wildcard, a regular
   * expression or an escape (each other element matches within one segment), else none.
   */
  static Set<Integer> separators(RequestMappingInfo info) {
    PathPatternsRequestCondition condition = info.getPathPatternsCondition();
    if (condition == null || condition.getPatterns().isEmpty()) {
      return Set.of();
    }
    Set<Integer> counts = new HashSet<>();
    for (PathPattern pattern : condition.getPatterns()) {
      String text = pattern.getPatternString();
      if (!text.startsWith("/") || text.chars().anyMatch(c -> "*:\\".indexOf(c) >= 0)) {
        return Set.of();
      }
      counts.add((int) text.chars().filter(c -> c == '/').count());
    }
    return Set.copyOf(counts);
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
