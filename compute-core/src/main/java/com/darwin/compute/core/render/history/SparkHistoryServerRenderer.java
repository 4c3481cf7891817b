package com.darwin.compute.core.render.history;

import com.darwin.compute.core.render.DeploymentOwner;
import com.darwin.compute.core.render.ResourceNames;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders a Spark History Server: a Deployment of one pod and a Service named after the server id,
 * as the Darwin proxy routes {@code /{cloud_env}/{id}/} to {@code {id}.{namespace}:18080}. Pure:
 * the same spec and settings always give the same objects.
 *
 * <p>Unlike the Python service's chart, nothing goes through a shell: the options are one
 * environment variable the server's start script reads, and the event-log location was validated to
 * a plain path before it got here. Event logs on the shared filesystem come from the user's
 * workspace claim, mounted read-only, never from a claim picked at random.
 */
public final class SparkHistoryServerRenderer {

  public static final String COMPONENT_LABEL = "app.kubernetes.io/component";
  public static final String COMPONENT = "spark-history-server";
  public static final String NAME_LABEL = "app.kubernetes.io/name";
  public static final String INSTANCE_LABEL = "app.kubernetes.io/instance";
  public static final String RESOURCE_LABEL = "darwin.io/resource";

  /** The annotation of a Deployment naming the start it was applied for (an ISO-8601 instant). */
  public static final String STARTED_AT_ANNOTATION = "darwin.io/started-at";

  public static final String CONTAINER = "spark-history-server";
  public static final String PORT_NAME = "history-port";
  static final String WORKSPACE_VOLUME = ResourceNames.WORKSPACE_VOLUME;

  private final HistoryServerSettings settings;

  public SparkHistoryServerRenderer(HistoryServerSettings settings) {
    this.settings = settings;
  }

  public RenderedHistoryServer render(HistoryServerSpec spec) {
    return new RenderedHistoryServer(deployment(spec), service(spec));
  }

  /** The labels of every object (and pod) of a server. */
  public static Map<String, String> labels(HistoryServerSpec spec) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(ResourceNames.MANAGED_BY_LABEL, ResourceNames.MANAGED_BY_VALUE);
    labels.put(COMPONENT_LABEL, COMPONENT);
    labels.put(NAME_LABEL, spec.id());
    labels.put(INSTANCE_LABEL, spec.id());
    labels.put(RESOURCE_LABEL, ResourceNames.labelValue(spec.resource()));
    labels.put(ResourceNames.USER_LABEL, ResourceNames.labelValue(spec.user()));
    return labels;
  }

  private static Map<String, String> selector(HistoryServerSpec spec) {
    Map<String, String> selector = new LinkedHashMap<>();
    selector.put(NAME_LABEL, spec.id());
    selector.put(INSTANCE_LABEL, spec.id());
    return selector;
  }

  /** {@code SPARK_HISTORY_OPTS}: where the logs are and the path the UI is served under. */
  String options(HistoryServerSpec spec) {
    List<String> options = new ArrayList<>();
    options.add("-Dspark.history.fs.logDirectory=" + spec.logDirectory());
    options.add("-Dspark.ui.proxyBase=" + spec.proxyBase());
    options.add("-Dspark.ui.proxyRedirectUri=/");
    if (spec.logDirectory().startsWith("s3a://")) {
      options.add("-Dspark.hadoop.fs.s3a.impl=org.apache.hadoop.fs.s3a.S3AFileSystem");
      if (settings.s3CredentialsProvider() != null && !settings.s3CredentialsProvider().isBlank()) {
        options.add(
            "-Dspark.hadoop.fs.s3a.aws.credentials.provider=" + settings.s3CredentialsProvider());
      }
    }
    return String.join(" ", options);
  }

  private Deployment deployment(HistoryServerSpec spec) {
    var container =
        new ContainerBuilder()
            .withName(CONTAINER)
            .withImage(settings.image())
            .withImagePullPolicy(settings.imagePullPolicy())
            .withCommand(settings.command())
            .withEnv(
                new EnvVar("SPARK_NO_DAEMONIZE", "true", null),
                new EnvVar("SPARK_HISTORY_OPTS", options(spec), null))
            .addNewPort()
            .withName(PORT_NAME)
            .withContainerPort(settings.port())
            .withProtocol("TCP")
            .endPort()
            .withResources(
                new ResourceRequirementsBuilder()
                    .addToRequests("cpu", new Quantity(settings.cpuRequest()))
                    .addToRequests("memory", new Quantity(settings.memoryRequest()))
                    .addToLimits("cpu", new Quantity(settings.cpuLimit()))
                    .addToLimits("memory", new Quantity(settings.memoryLimit()))
                    .build())
            .withReadinessProbe(probe(5, 6))
            .withLivenessProbe(probe(60, 3));
    var pod =
        new PodSpecBuilder()
            .withServiceAccountName(
                settings.serviceAccount() == null || settings.serviceAccount().isBlank()
                    ? null
                    : settings.serviceAccount());
    if (spec.workspaceClaim() != null) {
      container.withVolumeMounts(
          new VolumeMountBuilder()
              .withName(WORKSPACE_VOLUME)
              .withMountPath(settings.workspaceMountPath())
              .withReadOnly(true)
              .build());
      pod.withVolumes(
          new VolumeBuilder()
              .withName(WORKSPACE_VOLUME)
              .withNewPersistentVolumeClaim()
              .withClaimName(spec.workspaceClaim())
              .withReadOnly(true)
              .endPersistentVolumeClaim()
              .build());
    }
    pod.withContainers(container.build());
    Map<String, String> annotations = new LinkedHashMap<>();
    annotations.put(RESOURCE_LABEL, spec.resource());
    if (spec.startedAt() != null) {
      annotations.put(STARTED_AT_ANNOTATION, spec.startedAt().toString());
    }
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName(spec.id())
        .withNamespace(spec.namespace())
        .withLabels(labels(spec))
        .withAnnotations(annotations)
        .endMetadata()
        .withNewSpec()
        .withReplicas(1)
        // A new pod replaces the old one only once it is ready; one pod is all a server needs.
        .withNewStrategy()
        .withType("Recreate")
        .endStrategy()
        .withProgressDeadlineSeconds(600)
        .withNewSelector()
        .withMatchLabels(selector(spec))
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(labels(spec))
        .endMetadata()
        .withSpec(pod.build())
        .endTemplate()
        .endSpec()
        .build();
  }

  private Probe probe(int initialDelaySeconds, int failureThreshold) {
    return new ProbeBuilder()
        .withNewHttpGet()
        .withPath("/")
        .withPort(new IntOrString(PORT_NAME))
        .endHttpGet()
        .withInitialDelaySeconds(initialDelaySeconds)
        .withPeriodSeconds(10)
        .withFailureThreshold(failureThreshold)
        .build();
  }

  private Service service(HistoryServerSpec spec) {
    return new ServiceBuilder()
        .withNewMetadata()
        .withName(spec.id())
        .withNamespace(spec.namespace())
        .withLabels(labels(spec))
        .withOwnerReferences(DeploymentOwner.of(spec.id(), spec.deploymentUid()))
        .endMetadata()
        .withNewSpec()
        .withType("ClusterIP")
        .withSelector(selector(spec))
        .addNewPort()
        .withName(PORT_NAME)
        .withPort(settings.port())
        .withTargetPort(new IntOrString(PORT_NAME))
        .withProtocol("TCP")
        .endPort()
        .endSpec()
        .build();
  }
}
