package com.darwin.compute.core.config;

import com.darwin.compute.model.runtime.RuntimeV2Request;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The runtime catalogue: the file loaded at start-up, and the image pull secret each Kubernetes
 * target uses for runtimes that name none.
 *
 * @param catalogue where the catalogue file is (a Spring resource location); the jar carries {@code
 *     runtimes/catalogue.yaml} of the repository
 * @param syncCatalogue whether start-up adds and updates the runtimes of the catalogue file
 * @param imagePullSecrets target name ({@code cloud_env}) to the name of a Secret of type {@code
 *     kubernetes.io/dockerconfigjson} in that target's namespace; only the name is known here
 * @param lookupCacheTtl how long a runtime read for a create or a reconcile pass is used without
 *     asking MySQL again; edits on this replica are seen at once, another replica's after this
 *     (zero: no cache)
 * @param imageRegistry where the images this repository builds (runtimes/) were pushed: it takes
 *     the place of {@link #BUILT_AT} in the catalogue's images and the Jupyter pods' default image,
 *     which name the registry the repository's build instructions push to (a local one). Any other
 *     image is left as it is
 */
@ConfigurationProperties("compute.runtimes")
public record RuntimeProperties(
    @DefaultValue("classpath:runtimes/catalogue.yaml") String catalogue,
    @DefaultValue("true") boolean syncCatalogue,
    Map<String, String> imagePullSecrets,
    @DefaultValue("30s") Duration lookupCacheTtl,
    @DefaultValue(RuntimeProperties.BUILT_AT) String imageRegistry) {

  /** The registry runtimes/README.md builds and pushes the images to. */
  public static final String BUILT_AT = "localhost:5000";

  public RuntimeProperties {
    imagePullSecrets = imagePullSecrets == null ? Map.of() : Map.copyOf(imagePullSecrets);
    lookupCacheTtl = lookupCacheTtl == null ? Duration.ofSeconds(30) : lookupCacheTtl;
    imageRegistry = imageRegistry == null ? BUILT_AT : imageRegistry;
    // What the catalogue's images become must be images a runtime may name (lower-case path, no
    // tag of its own): otherwise every entry was skipped at the sync, with only an error logged.
    if (imageRegistry.isBlank()
        || imageRegistry.contains("://")
        || imageRegistry.endsWith("/")
        || !(imageRegistry + "/darwin-runtime:1.0").matches(RuntimeV2Request.IMAGE)) {
      throw new IllegalArgumentException(
          "compute.runtimes.image-registry must be a registry host and optional path, as an image"
              + " names it (registry.example.com/ml), not '"
              + imageRegistry
              + "'");
    }
  }

  /** {@code image} as pushed to {@link #imageRegistry}, when it names {@link #BUILT_AT}. */
  public String relocated(String image) {
    return image != null && image.startsWith(BUILT_AT + "/")
        ? imageRegistry + image.substring(BUILT_AT.length())
        : image;
  }

  /** The Secret a runtime's image is pulled with on a target, or null. */
  public String imagePullSecret(String runtimeSecret, String target) {
    return runtimeSecret != null ? runtimeSecret : imagePullSecrets.get(target);
  }
}
