package com.darwin.compute.api.security;

import java.lang.annotation.Annotation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.web.method.HandlerMethod;

/**
 * Finds the access rule of a handler: exactly one of {@link PublicRoute}, {@link CallerRoute},
 * {@link AdminRoute}, {@link ClusterRoute} on the method, or one of the first three on its
 * controller class. Handlers of this application without one are refused (403) and fail
 * RouteRulesTest; handlers of libraries (springdoc, the error page) are not governed here.
 */
public final class RouteRules {

  static final List<Class<? extends Annotation>> RULES =
      List.of(PublicRoute.class, CallerRoute.class, AdminRoute.class, ClusterRoute.class);

  /**
   * Handlers are fixed at start-up, their annotations too: looked up once per handler rather than
   * four merged-annotation searches per request.
   */
  private static final Map<Handler, List<Annotation>> CACHE = new ConcurrentHashMap<>();

  private record Handler(Class<?> beanType, java.lang.reflect.Method method) {}

  private RouteRules() {}

  public static boolean governs(HandlerMethod handler) {
    return handler.getBeanType().getName().startsWith("com.darwin.compute.");
  }

  /** The rules declared for the handler: one when it is well declared. */
  public static List<Annotation> of(HandlerMethod handler) {
    Handler key = new Handler(handler.getBeanType(), handler.getMethod());
    // get first: computeIfAbsent locks the key's bin even when the value is there, and under
    // concurrent reads the request threads queued on that lock (B1's profile at concurrency 32).
    List<Annotation> rules = CACHE.get(key);
    return rules != null ? rules : CACHE.computeIfAbsent(key, RouteRules::declared);
  }

  private static List<Annotation> declared(Handler handler) {
    List<Annotation> onMethod = find(handler.method());
    return List.copyOf(onMethod.isEmpty() ? find(handler.beanType()) : onMethod);
  }

  private static List<Annotation> find(java.lang.reflect.AnnotatedElement element) {
    List<Annotation> found = new ArrayList<>();
    for (Class<? extends Annotation> rule : RULES) {
      Annotation annotation = AnnotatedElementUtils.findMergedAnnotation(element, rule);
      if (annotation != null) {
        found.add(annotation);
      }
    }
    return found;
  }
}
