package com.darwin.compute.core.podexec;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.Predicate;

/**
 * Something every matching ready pod of a running cluster must run once: a library's install or a
 * remote command.
 *
 * @param ref the library id or the command's execution id
 * @param pods which pods it is for
 * @param argv the program, one validated value per element
 * @param notBefore when set, pods created before it are left alone (a command registered on a
 *     running cluster is for the pods that start afterwards)
 */
public record PodWork(
    PodTaskKind kind,
    String ref,
    Predicate<LivePod> pods,
    List<String> argv,
    Duration timeout,
    Instant notBefore) {

  public PodWork {
    argv = List.copyOf(argv);
  }

  public boolean isFor(LivePod pod) {
    // A pod's creationTimestamp has whole seconds: one made just after the registration, in the
    // same second, reads as made before it. That second counts as after, so no new pod misses it.
    return pods.test(pod)
        && (notBefore == null
            || !pod.createdAt().isBefore(notBefore.truncatedTo(ChronoUnit.SECONDS)));
  }
}
