package com.darwin.compute.core.podexec;

import com.darwin.compute.core.kube.KubernetesErrors;
import com.darwin.compute.core.kube.KubernetesTargets;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.stereotype.Component;

/**
 * Runs programs in pods with the Kubernetes exec API (what {@code kubectl exec} does): the argv
 * goes to the container runtime as a list, with no shell in between. The control plane needs the
 * {@code pods/exec} permission in the Ray namespace for it.
 */
@Component
public class KubernetesPodExecutor implements PodExecutor {

  /** How long a stop may take to answer: it waits up to KILL_AFTER for what it signalled to end. */
  private static final Duration STOP_TIMEOUT = InPodTimeout.KILL_AFTER.plusSeconds(15);

  private final KubernetesTargets targets;
  private final PodTaskProperties properties;

  public KubernetesPodExecutor(KubernetesTargets targets, PodTaskProperties properties) {
    this.targets = targets;
    this.properties = properties;
  }

  @Override
  public CompletableFuture<ExecResult> exec(
      LivePod pod, long taskId, List<String> argv, Duration timeout) {
    // The pod's own timeout reports first (an exit status); the backstop is for a pod that never
    // does.
    return run(
        pod,
        InPodTimeout.wrap(taskId, argv, timeout),
        timeout,
        timeout.plus(InPodTimeout.KILL_AFTER).plusSeconds(5));
  }

  @Override
  public CompletableFuture<ExecResult> stop(LivePod pod, long taskId) {
    return run(pod, InPodStop.argv(taskId), null, STOP_TIMEOUT);
  }

  /**
   * @param limit the wrapper's time limit, to tell its stop from the program's own exit status;
   *     null for a program run without the wrapper
   */
  private CompletableFuture<ExecResult> run(
      LivePod pod, List<String> command, Duration limit, Duration backstop) {
    TailBuffer output = new TailBuffer((int) properties.logLimit().toBytes());
    long begin = System.nanoTime();
    ExecWatch watch;
    try {
      watch =
          targets
              .get(pod.target())
              .client()
              .pods()
              .inNamespace(pod.namespace())
              .withName(pod.name())
              .inContainer(pod.container())
              .writingOutput(output)
              .writingError(output)
              .exec(command.toArray(String[]::new));
    } catch (KubernetesClientException e) {
      if (e.getCause() instanceof TimeoutException) {
        // The client stopped waiting for the upgrade, not the upgrade: it may still be made, and
        // the program run.
        return CompletableFuture.completedFuture(
            ExecResult.lost(
                "no answer to the exec in pod " + pod.name() + ": " + KubernetesErrors.summary(e)));
      }
      return CompletableFuture.completedFuture(
          ExecResult.failure(
              "could not exec in pod " + pod.name() + ": " + KubernetesErrors.summary(e)));
    }
    return watch
        .exitCode()
        .orTimeout(backstop.toMillis(), TimeUnit.MILLISECONDS)
        .handle(
            (code, error) -> {
              watch.close();
              if (error instanceof TimeoutException
                  || error != null && error.getCause() instanceof TimeoutException) {
                return new ExecResult(-1, output.text(), true);
              }
              if (error != null) {
                return ExecResult.lost(
                    output.text() + "\nexec stream failed: " + error.getMessage());
              }
              if (code == null) {
                // The stream closed with no status: the connection dropped, not the program.
                return ExecResult.lost(output.text() + "\nexec stream closed with no exit status");
              }
              int exitCode = code;
              Duration elapsed = Duration.ofNanos(System.nanoTime() - begin);
              String text = output.text();
              if (limit != null && InPodTimeout.stopped(exitCode, elapsed, limit)) {
                text +=
                    "\nStopped in the pod after its timeout of "
                        + InPodTimeout.seconds(limit)
                        + " s";
              }
              return new ExecResult(exitCode, text, false);
            });
  }
}
