package com.darwin.compute.sdk;

import com.darwin.compute.model.common.FieldError;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** Turns error answers and transport failures into {@link ComputeException}s. */
final class ErrorResponses {

  private static final YAMLMapper YAML = YAMLMapper.builder().build();

  private ErrorResponses() {}

  /**
   * An error answer. The service always answers in the envelope ({@code data = {code, errors}});
   * anything else (a proxy's HTML page) is kept as a short excerpt.
   */
  static ComputeException fromResponse(Call call, int status, String body, int attempts) {
    String code = null;
    String message = null;
    List<FieldError> fieldErrors = new ArrayList<>();
    JsonNode envelope = parse(body);
    if (envelope != null && envelope.isObject()) {
      JsonNode text = envelope.get("message");
      if (text != null && text.isString()) {
        message = text.asString();
      }
      JsonNode data = envelope.get("data");
      if (data != null && data.isObject()) {
        JsonNode codeNode = data.get("code");
        code = codeNode != null && codeNode.isString() ? codeNode.asString() : null;
        JsonNode errors = data.get("errors");
        if (errors != null && errors.isArray()) {
          for (JsonNode error : errors) {
            fieldErrors.add(
                new FieldError(
                    error.path("field").asString(""), error.path("message").asString("")));
          }
        }
      }
    }
    if (message == null) {
      message = "HTTP " + status + excerpt(body);
    }
    // A 5xx may come after the service acted (the answer failed, or a proxy gave up waiting): only
    // an idempotent call is safe to repeat then. A 429 or a concurrent-change 409 says the call
    // was refused before anything changed, whatever the call.
    boolean retryable =
        (status >= 500 && call.idempotent())
            || status == 429
            || (status == 409 && "CONCURRENT_CHANGE".equals(code));
    return new ComputeException(
        call.method(), call.path(), status, code, message, fieldErrors, retryable, attempts, null);
  }

  /**
   * No answer: the connection failed, or the answer did not come in time. Retryable when repeating
   * cannot do anything twice: the request never left, or the call is idempotent. A non-idempotent
   * call that may have reached the service is not (a second create would make a second cluster).
   */
  static ComputeException fromTransport(Call call, String baseUrl, IOException e, int attempts) {
    boolean notSent = notSent(e);
    String reason;
    if (notSent) {
      reason = "Cannot connect to " + baseUrl + " (" + describe(e) + ")";
    } else if (e instanceof HttpTimeoutException) {
      reason = "No answer from " + baseUrl + " in time (" + describe(e) + ")";
    } else {
      reason = "Connection to " + baseUrl + " failed (" + describe(e) + ")";
    }
    return new ComputeException(
        call.method(),
        call.path(),
        0,
        ComputeException.CONNECTION_FAILED,
        reason,
        List.of(),
        notSent || call.idempotent(),
        attempts,
        e);
  }

  static ComputeException interrupted(Call call, int attempts, InterruptedException e) {
    return new ComputeException(
        call.method(),
        call.path(),
        0,
        ComputeException.INTERRUPTED,
        "Interrupted",
        List.of(),
        false,
        attempts,
        e);
  }

  /**
   * True when the request certainly never reached the service (refused, unresolvable, connect
   * timeout): repeating it cannot do anything twice, whatever the method.
   */
  static boolean notSent(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ConnectException
          || t instanceof HttpConnectTimeoutException
          || t instanceof UnresolvedAddressException) {
        return true;
      }
    }
    return false;
  }

  /** The first message along the cause chain: the JDK's often sits on an inner exception. */
  private static String describe(Throwable e) {
    boolean refused = false;
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        return t.getClass().getSimpleName() + ": " + t.getMessage();
      }
      if (t instanceof UnresolvedAddressException) {
        return "unknown host";
      }
      refused |= t instanceof ConnectException;
    }
    return refused ? "connection refused" : e.getClass().getSimpleName();
  }

  /**
   * The error envelope, in JSON or, when YAML was asked for (manifest preview), possibly in YAML:
   * the service renders errors in the negotiated media type.
   */
  private static JsonNode parse(String body) {
    if (body == null || body.isBlank()) {
      return null;
    }
    try {
      return WireJson.mapper().readTree(body);
    } catch (JacksonException notJson) {
      try {
        JsonNode yaml = YAML.readTree(body);
        return yaml != null && yaml.isObject() && yaml.has("status") ? yaml : null;
      } catch (JacksonException notYaml) {
        return null;
      }
    }
  }

  private static String excerpt(String body) {
    if (body == null || body.isBlank()) {
      return "";
    }
    String flat = body.strip().replaceAll("\\s+", " ");
    return ": " + (flat.length() > 200 ? flat.substring(0, 200) + "..." : flat);
  }
}
