package com.darwin.compute.core.library;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Credentials in an index or repository URL ({@code https://__token__:TOKEN@host/simple}): used for
 * the install, never shown. A cluster's libraries are readable by every signed-in caller, and the
 * UI lists them.
 */
final class UrlCredentials {

  /** The scheme (in any case, as accepted), then user information up to the {@code @}. */
  private static final Pattern USER_INFO =
      Pattern.compile("^(https?://)([^/?#@]*+)@", Pattern.CASE_INSENSITIVE);

  static final String MASK = "****";

  /** The shortest password masked where it appears without its user name. */
  private static final int MIN_PASSWORD_ALONE = 6;

  private UrlCredentials() {}

  /** Whether the URL carries user information (a user name, a token, a password). */
  static boolean present(String url) {
    if (url == null) {
      return false;
    }
    Matcher m = USER_INFO.matcher(url);
    return m.find() && !m.group(2).isEmpty();
  }

  /** The URL with its user information replaced by {@value #MASK}; other text unchanged. */
  static String masked(String url) {
    return url == null ? null : USER_INFO.matcher(url).replaceFirst("$1" + MASK + "@");
  }

  /**
   * {@code text} (an install's output) with the credentials of {@code url} replaced by {@value
   * #MASK}: the user information as written and percent-decoded, and its password on its own. pip
   * hides them itself; Maven prints a repository's URL whole when a resolution fails.
   */
  static String scrubbed(String text, String url) {
    if (text == null || url == null) {
      return text;
    }
    Matcher m = USER_INFO.matcher(url);
    if (!m.find() || m.group(2).isEmpty()) {
      return text;
    }
    String userInfo = m.group(2);
    Set<String> secrets = new LinkedHashSet<>();
    secrets.add(userInfo);
    String decoded = URLDecoder.decode(userInfo.replace("+", "%2B"), StandardCharsets.UTF_8);
    secrets.add(decoded);
    for (String form : List.copyOf(secrets)) {
      int colon = form.indexOf(':');
      // A password printed on its own; not a short one, which would mask every such text.
      if (colon >= 0 && form.length() - colon - 1 >= MIN_PASSWORD_ALONE) {
        secrets.add(form.substring(colon + 1));
      }
    }
    String result = text;
    // Longest first, so a password inside the whole user information is not masked alone.
    for (String secret :
        secrets.stream().sorted(Comparator.comparingInt(String::length).reversed()).toList()) {
      result = result.replace(secret, MASK);
    }
    return result;
  }
}
