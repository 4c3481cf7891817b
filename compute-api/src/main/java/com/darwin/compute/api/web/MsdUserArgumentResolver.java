package com.darwin.compute.api.web;

import com.darwin.compute.core.cluster.Actor;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the caller's identity from {@code msd-user}. The header is trusted as the Darwin gateway
 * sets it; a malformed one is a 400, never a 500 as in the Python service.
 */
public class MsdUserArgumentResolver implements HandlerMethodArgumentResolver {

  public static final String HEADER = "msd-user";
  private static final JsonMapper MAPPER = JsonMapper.builder().build();

  @Override
  public boolean supportsParameter(MethodParameter parameter) {
    return parameter.hasParameterAnnotation(MsdUser.class)
        && Actor.class.equals(parameter.getParameterType());
  }

  @Override
  public Object resolveArgument(
      MethodParameter parameter,
      ModelAndViewContainer mavContainer,
      NativeWebRequest request,
      WebDataBinderFactory binderFactory) {
    String header = request.getHeader(HEADER);
    MsdUser annotation = parameter.getParameterAnnotation(MsdUser.class);
    if (header == null || header.isBlank()) {
      if (annotation != null && annotation.required()) {
        throw new MsdUserHeaderException(
            "Header msd-user is required, e.g. msd-user: {\"email\": \"user@example.com\"}");
      }
      return new Actor("anonymous");
    }
    return parse(header);
  }

  static Actor parse(String header) {
    try {
      JsonNode node = MAPPER.readTree(header);
      JsonNode email = node == null ? null : node.get("email");
      if (email == null || !email.isString() || email.asString().isBlank()) {
        throw new MsdUserHeaderException("Header msd-user must be JSON with a non-empty \"email\"");
      }
      String value = email.asString().strip();
      if (value.length() > 255) {
        throw new MsdUserHeaderException("Header msd-user email is too long");
      }
      return new Actor(value);
    } catch (JacksonException e) {
      throw new MsdUserHeaderException("Header msd-user is not valid JSON");
    }
  }
}
