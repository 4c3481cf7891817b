package com.darwin.compute.core.render.jupyter;

import com.darwin.compute.core.render.DeploymentOwner;
import com.darwin.compute.core.render.JupyterServerCommand;
import com.darwin.compute.core.render.NetworkPolicyParts;
import com.darwin.compute.core.render.ResourceNames;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders a standalone Jupyter pod: a Deployment of one replica running {@code jupyter lab} (see
 * {@link JupyterServerCommand} for how it is set up behind the proxy), a ClusterIP Service named as
 * a cluster's head Service ({@code {name}-kuberay-head-svc}) so the Darwin proxy's {@code
 * /{cloud_env}/{name}-jupyter} route reaches it as it reaches a cluster's Jupyter, and a
 * NetworkPolicy that admits only the configured peers (the proxy, the control plane) to its port.
 * Pure: the same input always gives the same objects.
 */
public final class JupyterPodRenderer {

  /** On every object of a Jupyter pod: the pod's name (the informers select on it). */
  public static final String POD_LABEL = "darwin.io/jupyter-pod";

  public static final String COMPONENT_LABEL = "app.kubernetes.io/component";
  public static final String COMPONENT_VALUE = "jupyter-pod";
  public static final String CONTAINER = "jupyter";
  private static final String WORKSPACE_VOLUME = "workspace";

  private JupyterPodRenderer() {}

  public static RenderedJupyterPod render(JupyterPodInput input, JupyterPodSettings settings) {
    Deployment deployment = deployment(input, settings);
    List<OwnerReference> owners = DeploymentOwner.of(input.name(), input.deploymentUid());
    return new RenderedJupyterPod(
        deployment, service(input, settings, owners), networkPolicy(input, settings, owners));
  }

  /** The Service's name: a cluster head Service's, which is what the proxy route resolves. */
  public static String serviceName(String podName) {
    return ResourceNames.headService(podName);
  }

  public static String networkPolicyName(String podName) {
    return podName + "-jupyter-access";
  }

  public static Map<String, String> labels(String podName) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(ResourceNames.MANAGED_BY_LABEL, ResourceNames.MANAGED_BY_VALUE);
    labels.put(COMPONENT_LABEL, COMPONENT_VALUE);
    labels.put(POD_LABEL, podName);
    return labels;
  }

  private static ObjectMeta metadata(
      String name, JupyterPodInput input, List<OwnerReference> owners) {
    return new ObjectMetaBuilder()
        .withName(name)
        .withNamespace(input.namespace())
        .withLabels(labels(input.name()))
        .withOwnerReferences(owners)
        .build();
  }

  private static Deployment deployment(JupyterPodInput input, JupyterPodSettings settings) {
    String base = input.basePath();
    String workspaceDir = settings.workspaceClaim() == null ? null : settings.mountPath();
    String root = JupyterServerCommand.rootDir(workspaceDir);
    List<Volume> volumes = new ArrayList<>();
    List<VolumeMount> mounts = new ArrayList<>();
    if (settings.workspaceClaim() != null) {
      volumes.add(
          new VolumeBuilder()
              .withName(WORKSPACE_VOLUME)
              .withNewPersistentVolumeClaim()
              .withClaimName(settings.workspaceClaim())
              .endPersistentVolumeClaim()
              .build());
      mounts.add(
          new VolumeMountBuilder()
              .withName(WORKSPACE_VOLUME)
              .withMountPath(settings.mountPath())
              .build());
    }
    Map<String, Quantity> amounts = new LinkedHashMap<>();
    amounts.put("cpu", new Quantity(settings.cpu()));
    amounts.put("memory", new Quantity(settings.memory()));
    List<EnvVar> env = new ArrayList<>();
    env.add(new EnvVar("JUPYTER_POD_NAME", input.name(), null));
    env.add(new EnvVar("CLOUD_ENV", input.cloudEnv(), null));
    if (workspaceDir != null) {
      env.add(new EnvVar("WORKSPACE_DIR", workspaceDir, null));
    }
    var container =
        new ContainerBuilder()
            .withName(CONTAINER)
            .withImage(settings.image())
            .withCommand(JupyterServerCommand.command(settings.port(), base, root))
            .withWorkingDir(root)
            .withEnv(env)
            .addNewPort()
            .withName("jupyter")
            .withContainerPort(settings.port())
            .withProtocol("TCP")
            .endPort()
            .withResources(
                new ResourceRequirementsBuilder()
                    .withLimits(new LinkedHashMap<>(amounts))
                    .withRequests(new LinkedHashMap<>(amounts))
                    .build())
            .withReadinessProbe(
                JupyterServerCommand.readiness(
                    base,
                    settings.port(),
                    settings.readinessPeriodSeconds(),
                    settings.readinessFailureThreshold()))
            .withVolumeMounts(mounts)
            .withNewSecurityContext()
            .withAllowPrivilegeEscalation(false)
            .endSecurityContext()
            .build();
    Map<String, String> templateLabels = labels(input.name());
    Map<String, String> annotations = new LinkedHashMap<>();
    annotations.put(
        ResourceNames.RESTART_GENERATION_ANNOTATION, Integer.toString(input.restarts()));
    return new DeploymentBuilder()
        .withApiVersion("apps/v1")
        .withKind("Deployment")
        .withMetadata(metadata(input.name(), input, null))
        .withNewSpec()
        .withReplicas(1)
        .withSelector(selector(input.name()))
        // One server per pod name: never two while rolling (notebook state, the same link).
        .withNewStrategy()
        .withType("Recreate")
        .endStrategy()
        .withTemplate(
            new PodTemplateSpecBuilder()
                .withNewMetadata()
                .withLabels(templateLabels)
                .withAnnotations(annotations)
                .endMetadata()
                .withNewSpec()
                .withContainers(container)
                .withVolumes(volumes)
                // Notebook code gets no Kubernetes API credentials.
                .withAutomountServiceAccountToken(false)
                .withEnableServiceLinks(false)
                .withImagePullSecrets(
                    settings.imagePullSecret() == null
                        ? null
                        : List.of(new LocalObjectReference(settings.imagePullSecret())))
                .withNewSecurityContext()
                .withRunAsUser(1000L)
                .withRunAsGroup(100L)
                .withFsGroup(100L)
                .withRunAsNonRoot(true)
                .endSecurityContext()
                .endSpec()
                .build())
        .endSpec()
        .build();
  }

  private static LabelSelector selector(String podName) {
    return new LabelSelectorBuilder().withMatchLabels(Map.of(POD_LABEL, podName)).build();
  }

  private static Service service(
      JupyterPodInput input, JupyterPodSettings settings, List<OwnerReference> owners) {
    return new ServiceBuilder()
        .withApiVersion("v1")
        .withKind("Service")
        .withMetadata(metadata(serviceName(input.name()), input, owners))
        .withNewSpec()
        .withType("ClusterIP")
        .withSelector(Map.of(POD_LABEL, input.name()))
        .addNewPort()
        .withName("jupyter")
        .withPort(settings.port())
        .withTargetPort(new IntOrString(settings.port()))
        .withProtocol("TCP")
        .endPort()
        .endSpec()
        .build();
  }

  private static NetworkPolicy networkPolicy(
      JupyterPodInput input, JupyterPodSettings settings, List<OwnerReference> owners) {
    return new NetworkPolicyBuilder()
        .withApiVersion("networking.k8s.io/v1")
        .withKind("NetworkPolicy")
        .withMetadata(metadata(networkPolicyName(input.name()), input, owners))
        .withNewSpec()
        .withPodSelector(selector(input.name()))
        .withPolicyTypes("Ingress")
        .withIngress(jupyterIngress(settings, settings.port()))
        .endSpec()
        .build();
  }

  /**
   * The ingress rule admitting the configured peers to a Jupyter port; none when no peer is
   * configured (a selected pod with no rule admits nobody).
   */
  static List<NetworkPolicyIngressRule> jupyterIngress(JupyterPodSettings settings, int port) {
    List<NetworkPolicyPeer> peers = new ArrayList<>();
    for (JupyterPodSettings.Peer peer : settings.allowedFrom()) {
      peers.add(NetworkPolicyParts.peer(peer.namespaceLabels(), peer.podLabels()));
    }
    if (peers.isEmpty()) {
      return List.of();
    }
    return List.of(
        new NetworkPolicyIngressRuleBuilder()
            .withFrom(peers)
            .addNewPort()
            .withProtocol("TCP")
            .withPort(new IntOrString(port))
            .endPort()
            .build());
  }
}
