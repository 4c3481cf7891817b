package com.darwin.compute.api.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import com.darwin.compute.api.ApiIntegrationTest;
import com.darwin.compute.cli.ExitCodes;
import com.darwin.compute.model.runtime.ComponentName;
import com.darwin.compute.model.runtime.GetRuntimesRequest;
import com.darwin.compute.model.runtime.RuntimeClass;
import com.darwin.compute.model.runtime.RuntimeComponent;
import com.darwin.compute.model.runtime.RuntimeType;
import com.darwin.compute.model.runtime.RuntimeV2Details;
import com.darwin.compute.model.runtime.RuntimeV2Request;
import com.darwin.compute.model.runtime.RuntimesByClass;
import com.darwin.compute.sdk.ComputeClient;
import com.darwin.compute.sdk.ComputeException;
import com.darwin.compute.sdk.WireJson;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The runtime catalogue through the Java SDK and {@code compute runtimes ...}. */
class RuntimeCliIT extends ApiIntegrationTest {

  private static final String ADMIN = "admin@example.com";

  private String url() {
    return "http://127.0.0.1:" + port;
  }

  private CliRun compute(String... args) {
    return computeAs(SdkTestSupport.USER, args);
  }

  /** The platform's CPU and GPU runtimes and class defaults are for admins. */
  private CliRun asAdmin(String... args) {
    return computeAs(ADMIN, args);
  }

  private CliRun computeAs(String user, String... args) {
    String[] full = new String[args.length + 4];
    full[0] = "--url";
    full[1] = url();
    full[2] = "--user";
    full[3] = user;
    System.arraycopy(args, 0, full, 4, args.length);
    return CliRun.of(Map.of(), full);
  }

  @Test
  void theSdkRegistersListsChangesAndDeletesRuntimes() {
    ComputeClient client = ComputeClient.builder(url()).user(SdkTestSupport.USER).build();
    String name = unique("SdkRt");
    RuntimeV2Details created =
        client.createRuntime(
            new RuntimeV2Request(
                name,
                RuntimeClass.CUSTOM,
                null,
                "registry.example.com/sdk/" + name.toLowerCase() + ":2.37.0-sdk",
                null,
                List.of(new RuntimeComponent(ComponentName.Python, "3.10")),
                null,
                false,
                false,
                false,
                "sdk-pull"));
    assertThat(created.createdBy()).isEqualTo(SdkTestSupport.USER); // the client's user signs it
    assertThat(created.rayVersion()).isEqualTo("2.37.0");
    assertThat(created.imagePullSecret()).isEqualTo("sdk-pull");
    assertThat(client.getRuntime(name).id()).isEqualTo(created.id());

    List<RuntimesByClass> mine =
        client.listRuntimes(
            new GetRuntimesRequest(
                name, 0, 10, RuntimeClass.CUSTOM, RuntimeType.CREATED_BY_ME, false));
    assertThat(mine.get(0).runtimes().get(0).runtimeList())
        .extracting(RuntimeV2Details::runtime)
        .containsExactly(name);
    assertThat(client.listRuntimes())
        .extracting(RuntimesByClass::runtimeClass)
        .containsExactly(RuntimeClass.CPU, RuntimeClass.GPU, RuntimeClass.CUSTOM);

    RuntimeV2Details updated =
        client.updateRuntime(
            new RuntimeV2Request(
                name,
                RuntimeClass.CUSTOM,
                null,
                "registry.example.com/sdk/" + name.toLowerCase() + ":2.37.0-sdk2",
                "https://docs.example.com",
                null,
                null,
                false,
                false,
                false,
                null));
    assertThat(updated.image()).endsWith(":2.37.0-sdk2");
    assertThat(updated.imagePullSecret()).isNull();

    client.deleteRuntime(name);
    ComputeException gone =
        org.assertj.core.api.Assertions.catchThrowableOfType(
            ComputeException.class, () -> client.getRuntime(name));
    assertThat(gone.status()).isEqualTo(400);
    assertThat(gone.fieldErrors()).anySatisfy(f -> assertThat(f.message()).contains("is deleted"));
  }

  @Test
  void computeRuntimesListGetCreateUpdateDelete() {
    CliRun list = compute("runtimes");
    assertThat(list.exit()).as(list.toString()).isZero();
    assertThat(list.out()).startsWith("RUNTIME").contains("0.0").contains("Ray2.37-Py3.10-GPU");
    assertThat(compute("runtimes", "list").out()).isEqualTo(list.out());

    String name = unique("CliRt");
    String image = "registry.example.com/cli/" + name.toLowerCase() + ":2.37.0-cli";
    String[] create = {
      "runtimes",
      "create",
      name,
      "--class",
      "CPU",
      "--type",
      "Ray Only",
      "--image",
      image,
      "--component",
      "Ray=2.37.0",
      "--component",
      "Python=3.10",
      "--default",
      "-o",
      "json"
    };
    // A user may not add to the platform's catalogue (403 -> exit 2).
    CliRun notAdmin = compute(create);
    assertThat(notAdmin.exit()).as(notAdmin.toString()).isEqualTo(ExitCodes.REJECTED);
    assertThat(notAdmin.err()).contains("Only admins may register or change CPU runtimes");
    CliRun created = asAdmin(create);
    assertThat(created.exit()).as(created.toString()).isZero();
    JsonNode json = WireJson.mapper().readTree(created.out());
    assertThat(json.get("runtime").asString()).isEqualTo(name);
    assertThat(json.get("created_by").asString()).isEqualTo(ADMIN);

    CliRun listed = compute("runtimes", "list", "--class", "CPU", "--query", name);
    assertThat(listed.exit()).as(listed.toString()).isZero();
    assertThat(listed.out()).contains(name).contains("Ray Only").contains(image).contains("yes");

    CliRun shown = compute("runtimes", "get", name);
    assertThat(shown.exit()).as(shown.toString()).isZero();
    assertThat(shown.out()).contains("image        " + image).contains("Ray 2.37.0");

    // The default of a class cannot go (400 -> exit 2) ...
    CliRun refused = asAdmin("runtimes", "delete", name);
    assertThat(refused.exit()).as(refused.toString()).isEqualTo(ExitCodes.REJECTED);
    assertThat(refused.err()).contains("set as the default");
    // ... until another runtime is the default.
    CliRun back =
        asAdmin(
            "runtimes",
            "update",
            "0.0",
            "--class",
            "CPU",
            "--type",
            "Ray Only",
            "--image",
            "ray:2.37.0",
            "--default");
    assertThat(back.exit()).as(back.toString()).isZero();
    CliRun updated =
        asAdmin(
            "runtimes",
            "update",
            name,
            "--class",
            "CPU",
            "--type",
            "Ray and Spark",
            "--image",
            image,
            "--component",
            "Spark=3.5.3",
            "--spark-auto-init");
    assertThat(updated.exit()).as(updated.toString()).isZero();
    assertThat(updated.out()).contains("Ray and Spark").contains("auto_init=true");
    CliRun deleted = asAdmin("runtimes", "delete", name);
    assertThat(deleted.exit()).as(deleted.toString()).isZero();
    assertThat(compute("runtimes", "get", name).exit()).isEqualTo(ExitCodes.REJECTED);

    CliRun badComponent =
        compute(
            "runtimes",
            "create",
            unique("x"),
            "--class",
            "CPU",
            "--type",
            "Others",
            "--image",
            "x:2.37.0",
            "--component",
            "Julia=1");
    assertThat(badComponent.exit()).as(badComponent.toString()).isEqualTo(ExitCodes.USAGE);
    CliRun missingImage = compute("runtimes", "create", unique("x"), "--class", "CPU");
    assertThat(missingImage.exit()).isEqualTo(ExitCodes.USAGE);
  }
}
