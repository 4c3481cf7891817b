package com.darwin.compute.api.web;

import com.darwin.compute.core.cluster.Actor;
import com.darwin.compute.core.limits.TextRules;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
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
    return parse(utf8(header));
  }

  /**
   * HTTP header values reach the servlet as ISO-8859-1, one char per byte; a gateway sending UTF-8
   * (a non-ASCII e-mail) needs the bytes decoded again. Bytes that are not UTF-8 are a 400.
   */
  static String utf8(String header) {
    if (header.chars().allMatch(c -> c < 0x80) || header.chars().anyMatch(c -> c > 0xff)) {
      return header; // plain ASCII, or already decoded by the container
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(header.getBytes(StandardCharsets.ISO_8859_1)))
          .toString();
    } catch (CharacterCodingException e) {
      throw new MsdUserHeaderException("Header msd-user is not valid UTF-8");
    }
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
      String problem = TextRules.problem(value, false);
      if (problem != null) {
        throw new MsdUserHeaderException("Header msd-user email " + problem);
      }
      return new Actor(value);
    } catch (JacksonException e) {
      throw new MsdUserHeaderException("Header msd-user is not valid JSON");
    }
  }
}
