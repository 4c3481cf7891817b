package com.darwin.compute.api.web;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns Java property paths ({@code workerNodeConfigs[0].minPods}) into the JSON names users sent.
 */
final class JsonPaths {

  private static final Pattern UPPER = Pattern.compile("([a-z0-9])([A-Z])");

  private JsonPaths() {}

  static String snake(String javaPath) {
    if (javaPath == null) {
      return null;
    }
    Matcher m = UPPER.matcher(javaPath);
    return m.replaceAll("$1_$2").toLowerCase(java.util.Locale.ROOT);
  }
}
