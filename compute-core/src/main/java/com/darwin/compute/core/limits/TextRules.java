package com.darwin.compute.core.limits;

import com.darwin.compute.core.domain.InvalidRequestException;
import com.darwin.compute.model.common.FieldError;
import java.util.List;

/**
 * What a text field may contain. Java strings can hold what no store or API server keeps intact: a
 * lone UTF-16 surrogate (JSON's {@code "\ud800"}) becomes {@code ?} in the database, and control
 * characters such as NUL break labels, environment variables and logs. Both are refused.
 */
public final class TextRules {

  private TextRules() {}

  /** Adds {@code field}'s problem (see {@link #problem}) to {@code errors}, if it has one. */
  public static void check(String field, String value, boolean multiline, List<FieldError> errors) {
    String problem = problem(value, multiline);
    if (problem != null) {
      errors.add(new FieldError(field, problem));
    }
  }

  /** Refuses one line of text that breaks these rules: a 400 naming {@code field}. */
  public static void requireOneLine(String field, String text) {
    String problem = problem(text, false);
    if (problem != null) {
      throw new InvalidRequestException(field, problem);
    }
  }

  /**
   * @param multiline whether line breaks and tabs are allowed (scripts, {@code K=V} lines)
   * @return what is wrong with {@code text}, or null when it is acceptable
   */
  public static String problem(String text, boolean multiline) {
    if (text == null) {
      return null;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
        continue;
      }
      if (Character.isSurrogate(c)) {
        return "contains an invalid character (a lone UTF-16 surrogate at position " + i + ")";
      }
      boolean allowedBreak = multiline && (c == '\n' || c == '\r' || c == '\t');
      if (Character.getType(c) == Character.CONTROL && !allowedBreak) {
        return String.format(
            "contains a control character (U+%04X at position %d), which is not allowed",
            (int) c, i);
      }
      if (c == '\uFFFE' || c == '\uFFFF') {
        return String.format("contains a non-character (U+%04X at position %d)", (int) c, i);
      }
    }
    return null;
  }
}
