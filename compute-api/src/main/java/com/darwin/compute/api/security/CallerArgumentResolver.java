package com.darwin.compute.api.security;

import com.darwin.compute.api.web.AuthenticationRequiredException;
import com.darwin.compute.api.web.MsdUser;
import com.darwin.compute.core.access.Caller;
import com.darwin.compute.core.domain.Actor;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/**
 * Hands handlers the authenticated caller: a {@link Caller} parameter (null only on a route that
 * lets the sandbox's body user identify), or an {@code @MsdUser Actor} (how the timeline signs the
 * caller: both identities for a delegate).
 */
final class CallerArgumentResolver implements HandlerMethodArgumentResolver {

  @Override
  public boolean supportsParameter(MethodParameter parameter) {
    return Caller.class.equals(parameter.getParameterType())
        || (parameter.hasParameterAnnotation(MsdUser.class)
            && Actor.class.equals(parameter.getParameterType()));
  }

  @Override
  public Object resolveArgument(
      MethodParameter parameter,
      ModelAndViewContainer mavContainer,
      NativeWebRequest request,
      WebDataBinderFactory binderFactory) {
    Caller caller = Callers.current();
    if (Caller.class.equals(parameter.getParameterType())) {
      return caller;
    }
    if (caller == null) {
      throw new AuthenticationRequiredException("Authentication required");
    }
    return caller.actor();
  }
}
