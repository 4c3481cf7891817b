package com.darwin.compute.api.security;

import java.lang.annotation.Annotation;
import java.util.ArrayList;
import java.util.List;
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

  private RouteRules() {}

  public static boolean governs(HandlerMethod handler) {
    return handler.getBeanType().getName().startsWith("com.darwin.compute.");
  }

  /** The rules declared for the handler: one when it is well declared. */
  public static List<Annotation> of(HandlerMethod handler) {
    List<Annotation> onMethod = find(handler.getMethod());
    return onMethod.isEmpty() ? find(handler.getBeanType()) : onMethod;
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
