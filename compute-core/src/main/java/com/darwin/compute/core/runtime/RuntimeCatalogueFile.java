package com.darwin.compute.core.runtime;

import com.darwin.compute.model.runtime.RuntimeClass;
import com.darwin.compute.model.runtime.RuntimeComponent;
import com.darwin.compute.model.runtime.RuntimeType;
import com.darwin.compute.model.runtime.RuntimeV2Request;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.function.UnaryOperator;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * {@code runtimes/catalogue.yaml}: the runtimes this repository builds images for. Each entry is a
 * {@code /runtime/v2/create} body plus the Dockerfile its image is built from.
 */
public record RuntimeCatalogueFile(@JsonProperty("runtimes") List<Entry> runtimes) {

  private static final YAMLMapper YAML =
      YAMLMapper.builder().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  public RuntimeCatalogueFile {
    runtimes = runtimes == null ? List.of() : List.copyOf(runtimes);
  }

  /**
   * @param dockerfile the Dockerfile the image is built from, relative to {@code runtimes/}
   * @param isDefault whether the entry is its class's default (only set where the class has none)
   */
  public record Entry(
      @JsonProperty("runtime") String runtime,
      @JsonProperty("class") RuntimeClass runtimeClass,
      @JsonProperty("type") RuntimeType type,
      @JsonProperty("image") String image,
      @JsonProperty("dockerfile") String dockerfile,
      @JsonProperty("reference_link") String referenceLink,
      @JsonProperty("components") List<RuntimeComponent> components,
      @JsonProperty("default") Boolean isDefault,
      @JsonProperty("spark_connect") Boolean sparkConnect,
      @JsonProperty("spark_auto_init") Boolean sparkAutoInit,
      @JsonProperty("image_pull_secret") String imagePullSecret) {

    public Entry {
      isDefault = isDefault != null && isDefault;
      sparkConnect = sparkConnect != null && sparkConnect;
      sparkAutoInit = sparkAutoInit != null && sparkAutoInit;
    }

    /** The registration this entry stands for, signed by {@link RuntimeRegistry#CATALOGUE_USER}. */
    public RuntimeV2Request request() {
      return request(UnaryOperator.identity());
    }

    /** The entry's create body, its image as {@code relocated} gives it. */
    public RuntimeV2Request request(UnaryOperator<String> relocated) {
      return new RuntimeV2Request(
          runtime,
          runtimeClass,
          type,
          relocated.apply(image),
          referenceLink,
          components,
          RuntimeRegistry.CATALOGUE_USER,
          false,
          sparkConnect,
          sparkAutoInit,
          imagePullSecret);
    }
  }

  public static RuntimeCatalogueFile read(InputStream in) throws IOException {
    return YAML.readValue(in, RuntimeCatalogueFile.class);
  }
}
