package com.darwin.compute.core.kube;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a failed call to a Kubernetes API says to the people who read it on a timeline, a server's
 * failure or an answer: the API server's code and its own words. Not the client's message, which
 * names the API server's address, the request path and the whole {@code Status} object; the log
 * keeps that.
 */
public final class KubernetesErrors {

  /** The longest part of the API server's own words kept. */
  static final int LONGEST = 300;

  /**
   * Codes that say "not now" rather than "never": a timeout, a conflict with a concurrent write, a
   * throttled client.
   */
  private static final Set<Integer> PASSING = Set.of(408, 409, 429);

  // A scheme of at most 32 characters: unbounded, a long run of such characters was rescanned from
  // every word boundary in it.
  private static final Pattern URL = Pattern.compile("\\b[a-z][a-z0-9+.-]{0,31}://[^\\s\"']+");

  // IPv4 with an optional port; a bracketed IPv6 address needs two colons, so that a field path's
  // index (containers[0], workerGroupSpecs[1]) is left alone.
  private static final Pattern ADDRESS =
      Pattern.compile(
          "\\b\\d{1,3}(\\.\\d{1,3}){3}(:\\d+)?\\b|\\[[0-9a-fA-F]*:[0-9a-fA-F]*:[0-9a-fA-F:]*](:\\d+)?");

  /**
   * Forbidden for now, not for good: a quota used up (ResourceQuota's 403) or a namespace on its
   * way out; both pass without an operator's change.
   */
  private static final List<String> PASSING_REFUSALS =
      List.of("exceeded quota", "is being terminated");

  private KubernetesErrors() {}

  /**
   * "Kubernetes answered 403: ..." with the API server's message; "Kubernetes did not answer
   * (ConnectException)" when no answer came; the exception's type for anything else.
   */
  public static String summary(Throwable e) {
    KubernetesClientException kubernetes = find(e);
    if (kubernetes == null) {
      return "an error in the control plane (" + e.getClass().getSimpleName() + ")";
    }
    if (kubernetes.getCode() <= 0) {
      Throwable cause = kubernetes.getCause() == null ? kubernetes : kubernetes.getCause();
      return "Kubernetes did not answer (" + cause.getClass().getSimpleName() + ")";
    }
    Status status = kubernetes.getStatus();
    String words = status == null ? null : status.getMessage();
    if (words == null || words.isBlank()) {
      return "Kubernetes answered " + kubernetes.getCode();
    }
    // An admission webhook's failure names the webhook's address and the address it dialled. Cut
    // first to a few times what is kept: the API server's words can be long.
    words = words.strip();
    words = words.substring(0, Math.min(words.length(), 4 * LONGEST));
    words = ADDRESS.matcher(URL.matcher(words).replaceAll("<url>")).replaceAll("<address>");
    if (words.length() > LONGEST) {
      words = words.substring(0, LONGEST) + "...";
    }
    return "Kubernetes answered " + kubernetes.getCode() + ": " + words;
  }

  /** Whether the error is a Kubernetes API call's (answered or not). */
  public static boolean fromKubernetes(Throwable e) {
    return find(e) != null;
  }

  /**
   * Whether the API server refused the request for good (a 4xx other than a timeout, a conflict or
   * throttling: RBAC's 403, an admission webhook's or a schema's 422, a namespace that does not
   * exist): the same request fails again, and only an operator can change that.
   */
  public static boolean refused(Throwable e) {
    KubernetesClientException kubernetes = find(e);
    if (kubernetes == null
        || kubernetes.getCode() < 400
        || kubernetes.getCode() >= 500
        || PASSING.contains(kubernetes.getCode())) {
      return false;
    }
    String words = kubernetes.getStatus() == null ? null : kubernetes.getStatus().getMessage();
    return words == null || PASSING_REFUSALS.stream().noneMatch(words::contains);
  }

  private static KubernetesClientException find(Throwable e) {
    // The cause chain only (a clean-up's failure suppressed on it is not what failed), and not
    // for ever round a cycle.
    Throwable t = e;
    for (int depth = 0; t != null && depth < 32; depth++, t = t.getCause()) {
      if (t instanceof KubernetesClientException kubernetes) {
        return kubernetes;
      }
    }
    return null;
  }
}
