package com.darwin.compute.core.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.NonValidationKeyword;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.oas.OpenApi30;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;

/**
 * The {@code ray.io/v1} OpenAPI v3 schema of KubeRay's RayCluster CRD (v1.7.0), from the file named
 * by system property {@value #FILE_PROPERTY} or environment variable {@value #FILE_ENV}, else
 * {@code shared/kuberay/ray.io_rayclusters.yaml} found by walking up from the working directory
 * (the shared folder sits beside the repository in this project's CI). The file is not part of the
 * repository: in a plain clone without it the schema tests are reported as skipped, with this
 * reason, rather than failed; a path that is named but missing is a failure.
 *
 * <p>The schema is checked "closed": every object that lists its properties and neither allows
 * additional ones nor preserves unknown fields gets {@code additionalProperties: false}. The API
 * server does not reject unknown fields there, it silently prunes them, which would lose a setting
 * without anyone noticing; here it is a test failure.
 */
final class CrdSchema {

  static final Path SHARED_RELATIVE = Path.of("shared", "kuberay", "ray.io_rayclusters.yaml");
  static final String FILE_PROPERTY = "kuberay.crd-file";
  static final String FILE_ENV = "KUBERAY_CRD_FILE";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static JsonSchema schema;

  private CrdSchema() {}

  static Optional<Path> locate() {
    String named = System.getProperty(FILE_PROPERTY, System.getenv(FILE_ENV));
    if (named != null && !named.isBlank()) {
      Path file = Path.of(named.trim()).toAbsolutePath();
      if (!Files.isRegularFile(file)) {
        throw new AssertionError(
            FILE_PROPERTY + "/" + FILE_ENV + " names " + file + ", which does not exist");
      }
      return Optional.of(file);
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve(SHARED_RELATIVE);
      if (Files.isRegularFile(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /** Skips the calling test (a JUnit assumption) when the CRD file is nowhere to be found. */
  static void assumeAvailable() {
    Assumptions.assumeTrue(
        locate().isPresent(),
        "KubeRay CRD schema test skipped: no "
            + SHARED_RELATIVE
            + " above "
            + Path.of("").toAbsolutePath()
            + " and neither -D"
            + FILE_PROPERTY
            + " nor "
            + FILE_ENV
            + " set (see README: KubeRay CRD schema tests)");
  }

  static synchronized JsonSchema rayClusterV1() {
    if (schema == null) {
      assumeAvailable();
      schema = load(locate().orElseThrow());
    }
    return schema;
  }

  /** The schema problems of one object; empty when it is valid. */
  static Set<ValidationMessage> validate(HasMetadata rayCluster) {
    try {
      return rayClusterV1().validate(JSON.readTree(Serialization.asJson(rayCluster)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonSchema load(Path file) {
    JsonNode crd;
    try {
      crd = new YAMLMapper().readTree(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file, e);
    }
    JsonNode v1 = null;
    for (JsonNode version : crd.path("spec").path("versions")) {
      if ("v1".equals(version.path("name").asText())) {
        v1 = version.path("schema").path("openAPIV3Schema");
      }
    }
    if (v1 == null || !v1.isObject()) {
      throw new AssertionError(file + " has no v1 openAPIV3Schema");
    }
    ObjectNode closed = (ObjectNode) v1.deepCopy();
    close(closed);
    // OpenAPI 3.0's dialect (nullable, int32/int64 formats), knowing the Kubernetes extensions as
    // annotations: the list-type / map-type ones only matter for merging, int-or-string is also
    // spelled as anyOf, and the x-kubernetes-validations (CEL: managedBy is immutable, ...) need a
    // CEL engine and the old object, so they are not checked here.
    JsonMetaSchema.Builder dialect =
        JsonMetaSchema.builder("urn:darwin-compute:kubernetes-openapi30", OpenApi30.getInstance());
    for (String keyword :
        List.of(
            "x-kubernetes-int-or-string",
            "x-kubernetes-list-map-keys",
            "x-kubernetes-list-type",
            "x-kubernetes-map-type",
            "x-kubernetes-preserve-unknown-fields",
            "x-kubernetes-validations",
            "x-kubernetes-embedded-resource")) {
      dialect.keyword(new NonValidationKeyword(keyword));
    }
    JsonMetaSchema metaSchema = dialect.build();
    JsonSchemaFactory factory =
        JsonSchemaFactory.getInstance(
            SpecVersion.VersionFlag.V4,
            b -> b.metaSchema(metaSchema).defaultMetaSchemaIri(metaSchema.getIri()));
    return factory.getSchema(closed);
  }

  /** Adds {@code additionalProperties: false} where the API server would prune unknown fields. */
  static void close(JsonNode node) {
    if (node instanceof ObjectNode object) {
      if (object.has("properties")
          && !object.has("additionalProperties")
          && !object.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
        object.put("additionalProperties", false);
      }
      Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
      while (fields.hasNext()) {
        close(fields.next().getValue());
      }
    } else if (node instanceof ArrayNode array) {
      array.forEach(CrdSchema::close);
    }
  }

  static String describe(Set<ValidationMessage> messages) {
    List<String> lines = messages.stream().map(ValidationMessage::getMessage).sorted().toList();
    return String.join("\n", lines);
  }
}
