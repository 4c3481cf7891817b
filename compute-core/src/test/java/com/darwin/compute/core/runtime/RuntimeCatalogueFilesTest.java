package com.darwin.compute.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.darwin.compute.core.render.RuntimeVersions;
import com.darwin.compute.model.runtime.ComponentName;
import com.darwin.compute.model.runtime.RuntimeClass;
import com.darwin.compute.model.runtime.RuntimeComponent;
import com.darwin.compute.model.runtime.RuntimeType;
import com.darwin.compute.model.runtime.RuntimeV2Request;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The build cannot run Docker, so the catalogue file and the Dockerfiles it names are checked
 * against each other here: what the catalogue says a runtime holds is what its image is built from.
 */
class RuntimeCatalogueFilesTest {

  private static final Path RUNTIMES = Path.of("..", "runtimes");
  private static final Pattern FROM =
      Pattern.compile("(?m)^FROM\\s+rayproject/ray(?:-ml)?:(\\S+)\\s*$");
  private static final Pattern PYTHON_TAG = Pattern.compile("-py(\\d)(\\d+)(?:-|$)");

  private static RuntimeCatalogueFile catalogue;

  @BeforeAll
  static void read() throws IOException {
    try (InputStream in = Files.newInputStream(RUNTIMES.resolve("catalogue.yaml"))) {
      catalogue = RuntimeCatalogueFile.read(in);
    }
  }

  @Test
  void theCatalogueShipsCpuSparkAndGpuRuntimesOfRay237OnPython310() {
    assertThat(catalogue.runtimes()).hasSizeGreaterThanOrEqualTo(3);
    assertThat(catalogue.runtimes())
        .anySatisfy(
            e -> {
              assertThat(e.runtimeClass()).isEqualTo(RuntimeClass.CPU);
              assertThat(e.type()).isEqualTo(RuntimeType.RAY_AND_SPARK);
              assertThat(version(e, ComponentName.Spark))
                  .hasValueSatisfying(v -> assertThat(v).startsWith("3.5"));
            })
        .anySatisfy(e -> assertThat(e.runtimeClass()).isEqualTo(RuntimeClass.GPU));
    for (RuntimeCatalogueFile.Entry e : catalogue.runtimes()) {
      assertThat(version(e, ComponentName.Ray)).as(e.runtime()).contains("2.37.0");
      assertThat(version(e, ComponentName.Python)).as(e.runtime()).contains("3.10");
    }
  }

  @Test
  void everyEntryIsAValidRegistrationWithUniqueNamesAndImages() {
    Validator validator = Validation.buildDefaultValidatorFactory().getValidator();
    Set<String> names = new HashSet<>();
    Set<String> images = new HashSet<>();
    for (RuntimeCatalogueFile.Entry e : catalogue.runtimes()) {
      RuntimeV2Request request = e.request();
      assertThat(validator.validate(request)).as(e.runtime()).isEmpty();
      assertThat(names.add(e.runtime())).as("duplicate name " + e.runtime()).isTrue();
      assertThat(images.add(e.image())).as("duplicate image " + e.image()).isTrue();
      if (e.runtimeClass() == RuntimeClass.CUSTOM) {
        assertThat(e.type()).as(e.runtime()).isNull();
      } else {
        assertThat(e.type()).as(e.runtime()).isNotNull();
        assertThat(e.type().describesContents()).as(e.runtime()).isTrue();
      }
    }
    assertThat(catalogue.runtimes().stream().filter(e -> e.isDefault()).map(e -> e.runtimeClass()))
        .as("at most one default per class")
        .doesNotHaveDuplicates();
  }

  @Test
  void everyImageTagAgreesWithItsRayVersion() {
    for (RuntimeCatalogueFile.Entry e : catalogue.runtimes()) {
      String ray = version(e, ComponentName.Ray).orElseThrow();
      assertThat(RuntimeVersions.versionOfTag(e.image())).as(e.image()).contains(ray);
      assertThat(RuntimeVersions.contradicts(e.image(), ray)).as(e.image()).isFalse();
    }
  }

  @Test
  void everyEntryNamesADockerfileBuiltFromItsRayAndPythonVersions() throws IOException {
    for (RuntimeCatalogueFile.Entry e : catalogue.runtimes()) {
      assertThat(e.dockerfile()).as(e.runtime()).isNotBlank();
      Path dockerfile = RUNTIMES.resolve(e.dockerfile()).normalize();
      assertThat(dockerfile).as(e.runtime()).startsWith(RUNTIMES.normalize()).isRegularFile();
      String text = Files.readString(dockerfile);

      Matcher from = FROM.matcher(text);
      assertThat(from.find()).as(dockerfile + " starts FROM a rayproject/ray image").isTrue();
      String baseTag = from.group(1);
      assertThat(RuntimeVersions.versionOfTag("ray:" + baseTag))
          .as(dockerfile + " base image")
          .contains(version(e, ComponentName.Ray).orElseThrow());
      Matcher py = PYTHON_TAG.matcher(baseTag);
      assertThat(py.find()).as(dockerfile + " base image names its Python").isTrue();
      assertThat(py.group(1) + "." + py.group(2))
          .as(dockerfile + " Python")
          .isEqualTo(version(e, ComponentName.Python).orElseThrow());
      assertThat(baseTag.endsWith("-gpu") || baseTag.contains("-cu"))
          .as(dockerfile + ": a GPU runtime is built on a GPU base image, a CPU one is not")
          .isEqualTo(e.runtimeClass() == RuntimeClass.GPU);

      Optional<String> spark = version(e, ComponentName.Spark);
      if (spark.isPresent()) {
        assertThat(text).as(dockerfile.toString()).contains("pyspark==" + spark.get());
      } else {
        assertThat(text).as(dockerfile.toString()).doesNotContain("pyspark");
      }
      assertThat(text)
          .as(dockerfile + ": the head pod runs Jupyter from it")
          .contains("jupyterlab");

      Path dir = dockerfile.getParent();
      assertThat(dir.resolve("smoke_test.py")).as(e.runtime()).isRegularFile();
      assertThat(dir.resolve("smoke-test.sh")).as(e.runtime()).isRegularFile().isExecutable();
      assertThat(Files.readString(dir.resolve("smoke-test.sh")))
          .as("the smoke test builds the catalogue's image")
          .contains(e.image());
    }
  }

  @Test
  void everyDockerfileIsInTheCatalogue() throws IOException {
    Set<Path> named = new HashSet<>();
    catalogue.runtimes().forEach(e -> named.add(RUNTIMES.resolve(e.dockerfile()).normalize()));
    try (Stream<Path> files = Files.walk(RUNTIMES)) {
      List<Path> dockerfiles =
          files
              .filter(p -> p.getFileName().toString().equals("Dockerfile"))
              .map(Path::normalize)
              .toList();
      assertThat(dockerfiles).isNotEmpty();
      assertThat(named).containsExactlyInAnyOrderElementsOf(dockerfiles);
    }
  }

  private static Optional<String> version(RuntimeCatalogueFile.Entry e, ComponentName name) {
    return e.components() == null
        ? Optional.empty()
        : e.components().stream()
            .filter(c -> c.name() == name)
            .map(RuntimeComponent::version)
            .findFirst();
  }
}
