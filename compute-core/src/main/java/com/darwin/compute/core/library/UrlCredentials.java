package com.darwin.compute.core.library;

import java.util.regex.Pattern;

/**
 * Credentials in an index or repository URL ({@code https://__token__:TOKEN@host/simple}): used for
 * the install, never shown. A cluster's libraries are readable by every signed-in caller, and the
 * UI lists them.
 */
final class UrlCredentials {

  /** The scheme, then user information up to the {@code @} before the host. */
  private static final Pattern USER_INFO = Pattern.compile("^(https?://)[^/?#@]*+@");

  static final String MASK = "****";

  private UrlCredentials() {}

  /** The URL with its user information replaced by {@value #MASK}; other text unchanged. */
  static String masked(String url) {
    return url == null ? null : USER_INFO.matcher(url).replaceFirst("$1" + MASK + "@");
  }
}
