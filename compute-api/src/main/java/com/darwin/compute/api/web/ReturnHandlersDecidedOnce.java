package com.darwin.compute.api.web;

import java.lang.reflect.Executable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.core.MethodParameter;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.AsyncHandlerMethodReturnValueHandler;
import org.springframework.web.method.support.HandlerMethodReturnValueHandler;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter;

/**
 * Spring's handler adapter, with each return value handler asked once per handler method (and
 * returned class) whether it handles that return type.
 *
 * <p>Why: Spring asks its handlers in turn on every request (argument resolvers are cached, return
 * value handlers are not), and those before the one that answers {@code ResponseEntity} resolve the
 * generic body type to see whether it is a stream or an emitter: 2.8% of a full view's
 * request-thread CPU under production's C1, for an answer that depends only on the method and the
 * returned class. The same handlers are asked in the same order; which one handles a value, and
 * how, is Spring's (asynchronous values included).
 */
final class ReturnHandlersDecidedOnce extends RequestMappingHandlerAdapter {

  @Override
  public void afterPropertiesSet() {
    super.afterPropertiesSet();
    List<HandlerMethodReturnValueHandler> handlers = getReturnValueHandlers();
    if (handlers != null) {
      setReturnValueHandlers(
          handlers.stream().map(ReturnHandlersDecidedOnce::decidedOnce).toList());
    }
  }

  static HandlerMethodReturnValueHandler decidedOnce(HandlerMethodReturnValueHandler handler) {
    return handler instanceof AsyncHandlerMethodReturnValueHandler async
        ? new DecidedOnceAsync(async)
        : new DecidedOnce(handler);
  }

  /**
   * A return type as a handler's answer depends on it: the method, the class it is called on, and
   * the type Spring reports (the returned value's class when there is a value). As many as the
   * handler methods times the classes they return.
   */
  private record ReturnType(Executable method, Class<?> containingClass, Class<?> type) {
    static ReturnType of(MethodParameter returnType) {
      return new ReturnType(
          returnType.getExecutable(),
          returnType.getContainingClass(),
          returnType.getParameterType());
    }
  }

  static class DecidedOnce implements HandlerMethodReturnValueHandler {
    final HandlerMethodReturnValueHandler handler;
    private final Map<ReturnType, Boolean> supports = new ConcurrentHashMap<>();

    DecidedOnce(HandlerMethodReturnValueHandler handler) {
      this.handler = handler;
    }

    @Override
    public boolean supportsReturnType(MethodParameter returnType) {
      ReturnType key = ReturnType.of(returnType);
      Boolean known = supports.get(key);
      if (known == null) {
        known = handler.supportsReturnType(returnType);
        supports.putIfAbsent(key, known);
      }
      return known;
    }

    @Override
    public void handleReturnValue(
        Object returnValue,
        MethodParameter returnType,
        ModelAndViewContainer mavContainer,
        NativeWebRequest webRequest)
        throws Exception {
      handler.handleReturnValue(returnValue, returnType, mavContainer, webRequest);
    }

    @Override
    public String toString() {
      return "decided once: " + handler;
    }
  }

  /** Whether a value is asynchronous depends on the value: asked every time, as Spring does. */
  static final class DecidedOnceAsync extends DecidedOnce
      implements AsyncHandlerMethodReturnValueHandler {

    DecidedOnceAsync(AsyncHandlerMethodReturnValueHandler handler) {
      super(handler);
    }

    @Override
    public boolean isAsyncReturnValue(Object returnValue, MethodParameter returnType) {
      return ((AsyncHandlerMethodReturnValueHandler) handler)
          .isAsyncReturnValue(returnValue, returnType);
    }
  }
}
