package com.darwin.compute.core.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.ExceptionHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.concurrent.CompletionStage;

/**
 * Starts the service's informers so that they keep trying, before their first list and after.
 *
 * <p>fabric8's default handler retries only informers that have started: one whose first list fails
 * (the API server down, slow or refusing while this replica starts) stops for good, its cache never
 * fills, and nothing the service does on that target (reconciling clusters, the Jupyter pools, the
 * history servers' repairs) happens again until the process restarts, while health shows the API
 * server up as soon as it is back. And once started it stops for good on a watch that ends with an
 * error other than "too old" (a 403 while RBAC is being changed, a 500 from the API server's
 * storage): its cache then stays frozen, and the reconciler and the pod-task runner act on it while
 * nothing says so. Here both are retried (with the client's reconnect backoff), as Kubernetes' own
 * controllers do; only a failure that cannot be read as the kind at hand (a deserialization
 * failure) stops the informer, as retrying would read it the same way. Their caches keep no managed
 * fields ({@link WithoutManagedFields}).
 */
public final class Informers {

  /** The rule described above. */
  static final ExceptionHandler RETRY_BUT_UNREADABLE =
      (started, failure) -> !ExceptionHandler.isDeserializationException(failure);

  private Informers() {}

  /**
   * Whether an update hands over the same version of the object: every change the API server makes
   * gives a new one, so this is a resync's re-delivery of what the cache already held.
   */
  public static boolean sameVersion(HasMetadata before, HasMetadata after) {
    String version = after.getMetadata().getResourceVersion();
    return version != null && version.equals(before.getMetadata().getResourceVersion());
  }

  /**
   * Starts the informer with {@link #RETRY_BUT_UNREADABLE}, its cache keeping no managed fields
   * ({@link WithoutManagedFields}, in place of any item store set before; so only an informer not
   * started yet). Failures are fabric8's to log (its reflector says which list or watch failed, and
   * whether it retries or stops); a start that fails because the informer was stopped at shutdown
   * is no news.
   */
  public static <T extends HasMetadata> CompletionStage<Void> start(
      SharedIndexInformer<T> informer) {
    informer.exceptionHandler(RETRY_BUT_UNREADABLE);
    informer.itemStore(new WithoutManagedFields<>());
    return informer.start();
  }
}
