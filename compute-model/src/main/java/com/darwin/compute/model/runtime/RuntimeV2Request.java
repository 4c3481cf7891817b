package com.darwin.compute.model.runtime;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * {@code POST /runtime/v2/create} and {@code /update}: a runtime by name (the name never changes).
 * {@code image_pull_secret} is an addition: the Secret (in the cluster's namespace) the image is
 * pulled with, when it is in a private registry.
 */
public record RuntimeV2Request(
    @NotBlank
        @Size(max = 100)
        @Pattern(
            regexp = RuntimeV2Request.NAME,
            message =
                "must start with a letter or digit and hold only letters, digits, spaces and ._+()-")
        @JsonProperty("runtime")
        String runtime,
    @NotNull @JsonProperty("class") RuntimeClass runtimeClass,
    @JsonProperty("type") RuntimeType type,
    @NotBlank
        @Size(max = 512)
        @Pattern(
            regexp = RuntimeV2Request.IMAGE,
            message = "must be an image reference such as registry.example.com/ray:2.37.0")
        @JsonProperty("image")
        String image,
    @Size(max = 1024) @JsonProperty("reference_link") String referenceLink,
    @Size(max = 5) @JsonProperty("components") List<@Valid @NotNull RuntimeComponent> components,
    @NotBlank @Size(max = 255) @JsonProperty("user") String user,
    @JsonProperty("set_as_default") Boolean setAsDefault,
    @JsonProperty("spark_connect") Boolean sparkConnect,
    @JsonProperty("spark_auto_init") Boolean sparkAutoInit,
    @Size(max = 253)
        @Pattern(
            regexp = RuntimeV2Request.SECRET_NAME,
            message = "must be the name of a Kubernetes Secret (lower case, digits, '-' and '.')")
        @JsonProperty("image_pull_secret")
        String imagePullSecret) {

  /** Runtime names: they appear in paths ({@code /runtime/v2/get-details/{runtime}}). */
  public static final String NAME = "[A-Za-z0-9][A-Za-z0-9 ._+()-]*";

  /**
   * An OCI image reference: optional registry (with port), path, optional tag and digest. The
   * repeated groups are possessive ({@code *+}): java.util.regex matches a greedy one by recursing
   * once per repetition, and Bean Validation checks the pattern even when {@code @Size} has already
   * failed, so "a.a.a..." 200,000 characters long overflowed the stack (a 500). Possessive ones are
   * matched in a loop, and match the same strings: each repetition starts with a separator that
   * nothing after it can start with, so giving one back never helps.
   */
  public static final String IMAGE =
      "[a-z0-9]+(?:[._-][a-z0-9]+)*+(?::[0-9]{1,5})?"
          + "(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*+)*+"
          + "(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(?:@sha256:[a-f0-9]{64})?";

  /** A DNS-1123 subdomain, what Kubernetes accepts as a Secret name ({@code *+}: see IMAGE). */
  public static final String SECRET_NAME =
      "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*+";

  public RuntimeV2Request {
    setAsDefault = setAsDefault != null && setAsDefault;
    sparkConnect = sparkConnect != null && sparkConnect;
    sparkAutoInit = sparkAutoInit != null && sparkAutoInit;
    components = components == null ? null : List.copyOf(components);
  }
}
