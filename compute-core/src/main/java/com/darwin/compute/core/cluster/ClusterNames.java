package com.darwin.compute.core.cluster;

import com.darwin.compute.model.cluster.ClusterRequest;

/**
 * Unique names for clusters whose requested name is taken: {@code <requested>_<cluster id>}, as the
 * Python service named them, shortened so the result is still a valid cluster name (at most 63
 * characters, starting and ending with a letter or digit).
 */
final class ClusterNames {

  static final int MAX_LENGTH = 63;

  private ClusterNames() {}

  static String derived(String requested, String clusterId) {
    String suffix = "_" + clusterId;
    String prefix =
        requested.substring(0, Math.min(requested.length(), MAX_LENGTH - suffix.length()));
    // The cut may leave a separator at the end; the id that follows needs a letter or digit before
    // it.
    int end = prefix.length();
    while (end > 0 && !Character.isLetterOrDigit(prefix.charAt(end - 1))) {
      end--;
    }
    String name = prefix.substring(0, end) + suffix;
    assert name.matches(ClusterRequest.NAME_PATTERN);
    return name;
  }
}
