package com.darwin.compute.sandbox;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaPropsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The RayCluster CustomResourceDefinition the mock API server is given. */
final class RayClusterCrd {

  private static final Logger log = LoggerFactory.getLogger(RayClusterCrd.class);

  static final String GROUP = "ray.io";
  static final String VERSION = "v1";
  static final String API_VERSION = GROUP + "/" + VERSION;
  static final String KIND = "RayCluster";
  static final String PLURAL = "rayclusters";

  /** Where the KubeRay CRD sits relative to the shared folder next to the repository. */
  static final Path SHARED_RELATIVE_PATH = Path.of("shared", "kuberay", "ray.io_rayclusters.yaml");

  // Explicit, so that no discovery request is needed on every call.
  private static final ResourceDefinitionContext CONTEXT =
      new ResourceDefinitionContext.Builder()
          .withGroup(GROUP)
          .withVersion(VERSION)
          .withKind(KIND)
          .withPlural(PLURAL)
          .withNamespaced(true)
          .build();

  private RayClusterCrd() {}

  /** RayClusters as untyped resources, like a control plane without generated classes sees them. */
  static MixedOperation<
          GenericKubernetesResource,
          GenericKubernetesResourceList,
          Resource<GenericKubernetesResource>>
      rayClusters(KubernetesClient client) {
    return client.genericKubernetesResources(CONTEXT);
  }

  /**
   * The CRD file: {@code explicit} if given, else system property {@code
   * sandbox.kubernetes.crd-file}, else system property {@code kuberay.crd-file} or environment
   * variable {@code KUBERAY_CRD_FILE}, else {@code shared/kuberay/ray.io_rayclusters.yaml} in the
   * working directory or any parent (the shared folder sits beside the repository).
   */
  static Optional<Path> locate(Path explicit) {
    if (explicit != null) {
      return Optional.of(explicit);
    }
    Optional<String> property =
        Overrides.lookup(Overrides.CRD_FILE_PROPERTY, null)
            .or(
                () ->
                    Overrides.lookup(
                        Overrides.KUBERAY_CRD_FILE_PROPERTY, Overrides.KUBERAY_CRD_FILE_ENV));
    if (property.isPresent()) {
      return property.map(Path::of);
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve(SHARED_RELATIVE_PATH);
      if (Files.isRegularFile(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /** The real CRD from {@code file}, or {@linkplain #minimal() a minimal one} if there is none. */
  static CustomResourceDefinition load(Optional<Path> file, KubernetesSerialization serialization) {
    if (file.isEmpty()) {
      log.warn(
          "RayCluster CRD file not found (set kuberay.crd-file / KUBERAY_CRD_FILE or keep {}"
              + " beside the repository); registering a minimal schemaless CRD instead",
          SHARED_RELATIVE_PATH);
      return minimal();
    }
    Path path = file.get();
    if (!Files.isRegularFile(path)) {
      throw new IllegalStateException("RayCluster CRD file " + path + " does not exist");
    }
    try (InputStream in = Files.newInputStream(path)) {
      return serialization.unmarshal(in, CustomResourceDefinition.class);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the RayCluster CRD " + path, e);
    }
  }

  /**
   * Just enough of the CRD for discovery and the status subresource: the mock validates nothing, so
   * a schema that keeps every field is equivalent for our purposes.
   */
  static CustomResourceDefinition minimal() {
    return new CustomResourceDefinitionBuilder()
        .withNewMetadata()
        .withName(PLURAL + "." + GROUP)
        .endMetadata()
        .withNewSpec()
        .withGroup(GROUP)
        .withScope("Namespaced")
        .withNewNames()
        .withKind(KIND)
        .withListKind(KIND + "List")
        .withPlural(PLURAL)
        .withSingular("raycluster")
        .endNames()
        .addNewVersion()
        .withName(VERSION)
        .withServed(true)
        .withStorage(true)
        .withNewSchema()
        .withOpenAPIV3Schema(
            new JSONSchemaPropsBuilder()
                .withType("object")
                .withXKubernetesPreserveUnknownFields(true)
                .build())
        .endSchema()
        .withNewSubresources()
        .withNewStatus()
        .endStatus()
        .endSubresources()
        .endVersion()
        .endSpec()
        .build();
  }
}
