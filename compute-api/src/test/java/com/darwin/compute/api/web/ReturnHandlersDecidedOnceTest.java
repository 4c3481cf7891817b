package com.darwin.compute.api.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.core.MethodParameter;
import org.springframework.http.ResponseEntity;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.method.support.AsyncHandlerMethodReturnValueHandler;
import org.springframework.web.method.support.HandlerMethodReturnValueHandler;
import org.springframework.web.method.support.ModelAndViewContainer;

class ReturnHandlersDecidedOnceTest {

  /** Two handler methods: one with a declared type, one whose returned class varies. */
  static class Controller {
    public ResponseEntity<String> typed() {
      return ResponseEntity.ok("x");
    }

    public Object untyped() {
      return "x";
    }
  }

  /** Answers for String-typed returns only, and records every question. */
  static class Recording implements AsyncHandlerMethodReturnValueHandler {
    final List<String> asked = new ArrayList<>();

    @Override
    public boolean supportsReturnType(MethodParameter returnType) {
      asked.add(
          returnType.getMethod().getName() + ":" + returnType.getParameterType().getSimpleName());
      return returnType.getParameterType() == String.class;
    }

    @Override
    public boolean isAsyncReturnValue(Object returnValue, MethodParameter returnType) {
      asked.add("async?");
      return returnValue instanceof Runnable;
    }

    @Override
    public void handleReturnValue(
        Object value,
        MethodParameter type,
        ModelAndViewContainer container,
        NativeWebRequest request) {
      asked.add("handled " + value);
    }
  }

  private final Controller controller = new Controller();

  @Test
  void aHandlerIsAskedOncePerMethodAndReturnedClass() throws Exception {
    Recording recording = new Recording();
    HandlerMethodReturnValueHandler once = ReturnHandlersDecidedOnce.decidedOnce(recording);
    HandlerMethod typed = new HandlerMethod(controller, Controller.class.getMethod("typed"));
    HandlerMethod untyped = new HandlerMethod(controller, Controller.class.getMethod("untyped"));

    for (int i = 0; i < 3; i++) {
      assertThat(once.supportsReturnType(typed.getReturnValueType(ResponseEntity.ok("x"))))
          .isFalse();
      assertThat(once.supportsReturnType(untyped.getReturnValueType("text"))).isTrue();
      assertThat(once.supportsReturnType(untyped.getReturnValueType(42))).isFalse();
    }

    assertThat(recording.asked)
        .containsExactlyInAnyOrder("typed:ResponseEntity", "untyped:String", "untyped:Integer");
  }

  @Test
  void anAsynchronousHandlerStaysOneAndIsAskedAboutEveryValue() throws Exception {
    Recording recording = new Recording();
    HandlerMethodReturnValueHandler once = ReturnHandlersDecidedOnce.decidedOnce(recording);
    MethodParameter type =
        new HandlerMethod(controller, Controller.class.getMethod("untyped"))
            .getReturnValueType("x");

    assertThat(once).isInstanceOf(AsyncHandlerMethodReturnValueHandler.class);
    AsyncHandlerMethodReturnValueHandler async = (AsyncHandlerMethodReturnValueHandler) once;
    assertThat(async.isAsyncReturnValue("x", type)).isFalse();
    assertThat(async.isAsyncReturnValue((Runnable) () -> {}, type)).isTrue();
    once.handleReturnValue("v", type, null, null);
    assertThat(recording.asked).containsExactly("async?", "async?", "handled v");
  }

  @Test
  void aPlainHandlerStaysPlain() {
    HandlerMethodReturnValueHandler plain =
        new HandlerMethodReturnValueHandler() {
          @Override
          public boolean supportsReturnType(MethodParameter returnType) {
            return true;
          }

          @Override
          public void handleReturnValue(
              Object value,
              MethodParameter type,
              ModelAndViewContainer container,
              NativeWebRequest request) {}
        };
    assertThat(ReturnHandlersDecidedOnce.decidedOnce(plain))
        .isNotInstanceOf(AsyncHandlerMethodReturnValueHandler.class);
  }
}
