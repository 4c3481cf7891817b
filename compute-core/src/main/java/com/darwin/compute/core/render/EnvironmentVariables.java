package com.darwin.compute.core.render;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The user's environment variables: {@code K=V} lines as the API takes them. Blank lines and {@code
 * #} comments are skipped.
 */
public final class EnvironmentVariables {

  /** Set by the control plane on every container; users cannot override them. */
  public static final Set<String> MANDATORY =
      Set.of("CLUSTER_ID", "CLUSTER_NAME", "CREATED_BY", "CLOUD_ENV");

  private static final String NAME = "[A-Za-z_][A-Za-z0-9_]*";

  private EnvironmentVariables() {}

  /**
   * Parses the lines; throws {@link IllegalArgumentException} naming the first bad line.
   *
   * @return the variables in the order given
   */
  public static Map<String, String> parse(String lines) {
    Map<String, String> result = new LinkedHashMap<>();
    if (lines == null) {
      return result;
    }
    int lineNo = 0;
    for (String raw : lines.split("\\R")) {
      lineNo++;
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int eq = line.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("line " + lineNo + " is not K=V: '" + line + "'");
      }
      String key = line.substring(0, eq).strip();
      if (!key.matches(NAME)) {
        throw new IllegalArgumentException(
            "line " + lineNo + ": '" + key + "' is not a valid variable name");
      }
      if (MANDATORY.contains(key)) {
        throw new IllegalArgumentException(
            "line " + lineNo + ": " + key + " is set by Darwin Compute and cannot be overridden");
      }
      result.put(key, line.substring(eq + 1).strip());
    }
    return result;
  }
}
