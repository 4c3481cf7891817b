package com.darwin.compute.core.access;

import com.darwin.compute.core.config.AccessProperties;
import com.darwin.compute.core.config.AccessProperties.Principals;
import com.darwin.compute.core.render.EnvironmentVariables;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * Which Kubernetes Secrets a caller may read into a cluster's pods ({@code secret:NAME/KEY} values
 * and {@code env_from_secrets}) or pull a runtime's image with ({@code image_pull_secret}). Every
 * cluster lives in one namespace with the platform's and every team's Secrets, and whatever a pod
 * can read its owner can print; so, unlike the other grants, a Secret nobody configured is closed.
 * One matched by a grant is for that grant's users and groups (any matching grant will do); one
 * matched by no grant is open when {@code open-secrets} lists it. A pattern is a Secret name, or a
 * prefix of one followed by {@code *}.
 */
@Component
final class SecretGrants {

  /** The prefix of a Secret name before a final {@code *}. */
  private static final Pattern PREFIX = Pattern.compile("[a-z0-9.-]*");

  private final Map<String, Principals> grants;
  private final List<String> open;

  SecretGrants(AccessProperties access) {
    this.grants = access.grants().secrets();
    this.open = access.openSecrets();
    grants.keySet().forEach(p -> check(p, "compute.access.grants.secrets"));
    open.forEach(p -> check(p, "compute.access.open-secrets"));
  }

  private static void check(String pattern, String setting) {
    // A key written without brackets loses its '*' in binding ("team-ml-*" becomes "team-ml-"),
    // which is no Secret's name: refused rather than matching nothing.
    boolean valid =
        pattern != null
            && (pattern.endsWith("*")
                ? PREFIX.matcher(pattern.substring(0, pattern.length() - 1)).matches()
                : EnvironmentVariables.secretNameProblem(pattern) == null);
    if (!valid) {
      throw new IllegalStateException(
          setting
              + " has '"
              + pattern
              + "': give a Secret name, or a prefix of one followed by '*' (a key with '*' or '.'"
              + " is written in brackets, in YAML also in quotes: \"[team-ml-*]\"; without them"
              + " the '*' is dropped)");
    }
  }

  static boolean matches(String pattern, String secret) {
    return pattern.endsWith("*")
        ? secret.startsWith(pattern.substring(0, pattern.length() - 1))
        : secret.equals(pattern);
  }

  /** Whether {@code caller} may read {@code secret}; admins may read any. */
  boolean allows(String secret, Caller caller) {
    if (caller.admin()) {
      return true;
    }
    boolean reserved = false;
    for (Map.Entry<String, Principals> grant : grants.entrySet()) {
      if (matches(grant.getKey(), secret)) {
        reserved = true;
        Principals principals = grant.getValue();
        if (principals.users().contains(caller.user()) || caller.memberOfAny(principals.groups())) {
          return true;
        }
      }
    }
    return !reserved && open.stream().anyMatch(p -> matches(p, secret));
  }

  /**
   * Whether every member of {@code group} may read {@code secret}: a grant that reserves it names
   * the group, or none reserves it and it is open. A grant to some of its users does not count.
   */
  boolean allowsGroup(String secret, String group) {
    boolean reserved = false;
    for (Map.Entry<String, Principals> grant : grants.entrySet()) {
      if (matches(grant.getKey(), secret)) {
        reserved = true;
        if (grant.getValue().groups().contains(group)) {
          return true;
        }
      }
    }
    return !reserved && open.stream().anyMatch(p -> matches(p, secret));
  }

  /**
   * The 403 for a Secret that {@link #allows} refused.
   *
   * @param use how the Secret would be used, e.g. "a cluster reads"
   */
  AccessDeniedException refusal(String secret, Caller caller, String use) {
    return new AccessDeniedException(
        "grant",
        "You ("
            + caller.user()
            + ") were not granted Secret "
            + secret
            + ": "
            + use
            + " only the Secrets granted to the one who names them"
            + " (compute.access.grants.secrets) or open to everyone"
            + " (compute.access.open-secrets); ask an admin of Darwin Compute");
  }
}
