package com.darwin.compute.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.darwin.compute.core.kube.RayClusterKind;
import com.darwin.compute.core.runtime.RuntimeCatalogueSync;
import com.darwin.compute.core.runtime.RuntimeRegistry.CatalogueOutcome;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * The runtime catalogue over HTTP: {@code /runtime/v2}, {@code POST /custom-runtime}, the catalogue
 * file loaded at start-up, and a cluster rendered from a runtime registered here.
 */
class RuntimeCatalogueIT extends ApiIntegrationTest {

  private static final String ALICE = "{\"email\": \"alice@example.com\"}";
  private static final String ADMIN = Api.as("admin@example.com");

  @Autowired RuntimeCatalogueSync catalogueSync;
  @Autowired JdbcTemplate jdbc;

  /** A create/update body; {@code extra} is spliced in as more JSON fields. */
  private static String body(
      String name, String runtimeClass, String type, String image, String user, String extra) {
    return """
        {"runtime": "%s", "class": "%s", %s "image": "%s", "user": "%s"%s}
        """
        .formatted(
            name,
            runtimeClass,
            type == null ? "" : "\"type\": \"" + type + "\",",
            image,
            user,
            extra == null || extra.isBlank() ? "" : ", " + extra);
  }

  /** Alice's create or update of CUSTOM runtime {@code name} with {@code link} (JSON-escaped). */
  private Api.Response customWithLink(String route, String name, String link) {
    return api.post(
        "/runtime/v2/" + route,
        body(
            name,
            "CUSTOM",
            null,
            image(name, "2.37.0"),
            "alice@example.com",
            "\"reference_link\": \"" + link + "\""),
        Api.as("alice@example.com"));
  }

  private static String image(String name, String tag) {
    return "registry.example.com/team/" + name.toLowerCase() + ":" + tag;
  }

  private JsonNode created(String json) {
    Api.Response response = api.post("/runtime/v2/create", json, ADMIN);
    assertThat(response.status()).as(response.raw()).isEqualTo(200);
    assertThat(response.body().get("status").asString()).isEqualTo("SUCCESS");
    assertThat(response.message()).isEqualTo("Runtime created successfully");
    return response.data();
  }

  private void assertRejected(Api.Response response, int status, String field, String part) {
    assertThat(response.status()).as(response.raw()).isEqualTo(status);
    assertThat(response.body().get("status").asString()).isEqualTo("ERROR");
    if (field != null) {
      List<String> fields = new ArrayList<>();
      List<String> messages = new ArrayList<>();
      response
          .data()
          .get("errors")
          .forEach(
              e -> {
                fields.add(e.get("field").asString());
                messages.add(e.get("message").asString());
              });
      assertThat(fields).as(response.raw()).contains(field);
      assertThat(messages).as(response.raw()).anySatisfy(m -> assertThat(m).contains(part));
    } else {
      assertThat(response.message()).as(response.raw()).contains(part);
    }
  }

  private List<String> names(JsonNode runtimeList) {
    return StreamSupport.stream(runtimeList.spliterator(), false)
        .map(r -> r.get("runtime").asString())
        .toList();
  }

  private JsonNode byType(JsonNode byClass, String type) {
    for (JsonNode t : byClass.get("runtimes")) {
      if (t.get("type").asString().equals(type)) {
        return t;
      }
    }
    throw new AssertionError("no type " + type + " in " + byClass);
  }

  private JsonNode getAll(String request, String msdUser) {
    Api.Response response = api.post("/runtime/v2/get-all", request, msdUser);
    assertThat(response.status()).as(response.raw()).isEqualTo(200);
    return response.data();
  }

  @Test
  void theCatalogueFileIsLoadedOnAFreshDatabase() {
    Api.Response spark = api.get("/runtime/v2/get-details/Ray2.37-Py3.10-Spark3.5");
    assertThat(spark.status()).as(spark.raw()).isEqualTo(200);
    JsonNode d = spark.data();
    assertThat(d.get("class").asString()).isEqualTo("CPU");
    assertThat(d.get("type").asString()).isEqualTo("Ray and Spark");
    assertThat(d.get("image").asString())
        .isEqualTo("localhost:5000/darwin-runtime:2.37.0-py310-spark3.5-cpu");
    assertThat(d.get("ray_version").asString()).isEqualTo("2.37.0");
    assertThat(d.get("spark_auto_init").asBoolean()).isTrue();
    assertThat(d.get("spark_connect").asBoolean()).isFalse();
    assertThat(d.get("created_by").asString()).isEqualTo("Darwin");
    assertThat(d.get("components").toString())
        .contains("{\"name\":\"Spark\",\"version\":\"3.5.3\"}")
        .contains("{\"name\":\"Python\",\"version\":\"3.10\"}");

    // The GPU class had no default: the catalogue's GPU runtime is it.
    JsonNode gpu = getAll("{\"class\": \"GPU\"}", Api.USER).get(0);
    assertThat(gpu.get("default_runtime").get("runtime").asString())
        .isEqualTo("Ray2.37-Py3.10-GPU");
    // The CPU default of the migration is kept.
    JsonNode cpu = getAll("{\"class\": \"CPU\"}", Api.USER).get(0);
    assertThat(cpu.get("default_runtime").get("runtime").asString()).isEqualTo("0.0");

    // The v1 listing shows them too, and the seeded runtimes stay.
    JsonNode v1 = api.get("/get-runtimes").data();
    assertThat(names2(v1.get("cpu"))).contains("0.0", "0.1", "Ray2.37-Py3.10");
    assertThat(names2(v1.get("gpu"))).contains("Ray2.37-Py3.10-GPU");
  }

  private List<String> names2(JsonNode v1List) {
    return StreamSupport.stream(v1List.spliterator(), false)
        .map(r -> r.get("name").asString())
        .toList();
  }

  @Test
  void startUpKeepsTheDatabaseInStepWithTheFileAddingAndChangingButNeverDeleting() {
    // Everything is already there: a second load changes nothing.
    assertThat(catalogueSync.sync().values()).containsOnly(CatalogueOutcome.SAME);

    // A catalogue runtime missing from the database (a fresh one) is added again ...
    jdbc.update("DELETE FROM runtimes WHERE runtime = 'Ray2.37-Py3.10'");
    // ... one changed behind the file's back is put back ...
    jdbc.update(
        "UPDATE runtimes SET image = 'localhost:5000/elsewhere:2.37.0', spark_auto_init = FALSE"
            + " WHERE runtime = 'Ray2.37-Py3.10-Spark3.5'");
    // ... and one that left the file is kept.
    String retired = unique("Retired");
    created(body(retired, "CPU", "Others", image(retired, "2.37.0"), "ops@example.com", null));
    jdbc.update("UPDATE runtimes SET from_catalogue = TRUE WHERE runtime = ?", retired);

    Map<String, CatalogueOutcome> outcomes = catalogueSync.sync();
    assertThat(outcomes)
        .containsEntry("Ray2.37-Py3.10", CatalogueOutcome.ADDED)
        .containsEntry("Ray2.37-Py3.10-Spark3.5", CatalogueOutcome.UPDATED)
        .containsEntry("Ray2.37-Py3.10-GPU", CatalogueOutcome.SAME);
    assertThat(api.get("/runtime/v2/get-details/Ray2.37-Py3.10").status()).isEqualTo(200);
    JsonNode spark = api.get("/runtime/v2/get-details/Ray2.37-Py3.10-Spark3.5").data();
    assertThat(spark.get("image").asString())
        .isEqualTo("localhost:5000/darwin-runtime:2.37.0-py310-spark3.5-cpu");
    assertThat(spark.get("spark_auto_init").asBoolean()).isTrue();
    assertThat(api.get("/runtime/v2/get-details/" + retired).data().get("is_deleted").asBoolean())
        .isFalse();
  }

  @Test
  void createGetUpdateSoftDeleteAndRevive() {
    String name = unique("Team");
    JsonNode d =
        created(
            body(
                name,
                "CPU",
                "Ray Only",
                image(name, "2.37.0-py310"),
                "alice@example.com",
                "\"reference_link\": \"https://wiki.example.com/rt\","
                    + " \"components\": [{\"name\": \"Ray\", \"version\": \"2.37.0\"},"
                    + " {\"name\": \"Python\", \"version\": \"3.10\"}]"));
    assertThat(d.get("id").asLong()).isPositive();
    assertThat(d.get("runtime").asString()).isEqualTo(name);
    assertThat(d.get("class").asString()).isEqualTo("CPU");
    assertThat(d.get("type").asString()).isEqualTo("Ray Only");
    assertThat(d.get("reference_link").asString()).isEqualTo("https://wiki.example.com/rt");
    assertThat(d.get("created_by").asString()).isEqualTo("alice@example.com");
    assertThat(d.get("last_updated_by").asString()).isEqualTo("alice@example.com");
    assertThat(d.get("created_at").isNull()).isFalse();
    assertThat(d.get("last_updated_at").isNull()).isFalse();
    assertThat(d.get("is_deleted").asBoolean()).isFalse();
    assertThat(d.get("ray_version").asString()).isEqualTo("2.37.0");
    assertThat(d.get("components")).hasSize(2);

    Api.Response details = api.get("/runtime/v2/get-details/" + name);
    assertThat(details.status()).isEqualTo(200);
    assertThat(details.message()).isEqualTo("Runtime details fetched successfully");
    assertThat(details.data().get("id").asLong()).isEqualTo(d.get("id").asLong());

    Api.Response updated =
        api.post(
            "/runtime/v2/update",
            body(
                name,
                "CPU",
                "Ray and Spark",
                image(name, "2.37.0-py310-spark3.5"),
                "bob@example.com",
                "\"spark_connect\": true, \"image_pull_secret\": \"team-registry\","
                    + " \"components\": [{\"name\": \"Ray\", \"version\": \"2.37.0\"},"
                    + " {\"name\": \"Spark\", \"version\": \"3.5.3\"}]"),
            ADMIN);
    assertThat(updated.status()).as(updated.raw()).isEqualTo(200);
    assertThat(updated.message()).isEqualTo("Runtime updated successfully");
    JsonNode u = updated.data();
    assertThat(u.get("type").asString()).isEqualTo("Ray and Spark");
    assertThat(u.get("image").asString()).isEqualTo(image(name, "2.37.0-py310-spark3.5"));
    assertThat(u.get("spark_connect").asBoolean()).isTrue();
    assertThat(u.get("image_pull_secret").asString()).isEqualTo("team-registry");
    assertThat(u.get("created_by").asString()).isEqualTo("alice@example.com");
    // Signed by the caller (an admin here), not by the name the body gives.
    assertThat(u.get("last_updated_by").asString()).isEqualTo("admin@example.com");
    assertThat(u.get("components").toString())
        .contains("Spark")
        .doesNotContain("Python"); // replaced, not merged

    Api.Response deleted = api.delete("/runtime/v2/soft-delete/" + name, ADMIN);
    assertThat(deleted.status()).as(deleted.raw()).isEqualTo(200);
    assertThat(deleted.message()).isEqualTo("Runtime soft deleted successfully");
    assertThat(deleted.data().isNull()).isTrue();
    assertRejected(api.get("/runtime/v2/get-details/" + name), 400, "runtime", "is deleted");
    assertRejected(
        api.delete("/runtime/v2/soft-delete/" + name, ADMIN), 400, "runtime", "already deleted");
    assertRejected(
        api.post(
            "/runtime/v2/update",
            body(name, "CPU", "Ray Only", image(name, "2.37.0"), "bob@example.com", null),
            ADMIN),
        400,
        "runtime",
        "is deleted");
    // A deleted runtime is no longer offered: not in the listings, and no new cluster gets it.
    assertThat(names2(api.get("/get-runtimes").data().get("cpu"))).doesNotContain(name);
    JsonNode listed =
        getAll(
            "{\"class\": \"CPU\", \"type\": \"Ray and Spark\", \"search_query\": \"" + name + "\"}",
            Api.USER);
    assertThat(listed.get(0).get("runtimes").get(0).get("count").asLong()).isZero();
    JsonNode deletedList =
        getAll(
            "{\"class\": \"CPU\", \"search_query\": \"" + name + "\", \"is_deleted\": true}",
            Api.USER);
    assertThat(names(byType(deletedList.get(0), "Ray and Spark").get("runtime_list")))
        .containsExactly(name);
    assertRejected(
        api.post(
            "/cluster",
            ClusterRequests.quickStart(unique("on-deleted")).replace("\"0.0\"", "\"" + name + "\""),
            Api.USER),
        400,
        "runtime",
        "was deleted from the catalogue");

    // Created again under the same name: the same row comes back with the new description.
    JsonNode revived =
        created(body(name, "GPU", "Others", image(name, "2.37.0-gpu"), "carol@example.com", null));
    assertThat(revived.get("id").asLong()).isEqualTo(d.get("id").asLong());
    assertThat(revived.get("class").asString()).isEqualTo("GPU");
    assertThat(revived.get("is_deleted").asBoolean()).isFalse();
    assertThat(revived.get("last_updated_by").asString()).isEqualTo("carol@example.com");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "custom with a type | CUSTOM | Ray Only | 2.37.0 | | type | must be NULL for CUSTOM",
        "cpu without a type | CPU | | 2.37.0 | | type | required for CPU and GPU",
        "cpu with a custom type | CPU | Created By Me | 2.37.0 | | type | Incorrect Type",
        "default for custom | CUSTOM | | 2.37.0 | \"set_as_default\": true | set_as_default | Cannot set default",
        "tag against Ray | CPU | Ray Only | 2.36.1 | \"components\": [{\"name\": \"Ray\", \"version\": \"2.37.0\"}] | image | must start with the Ray version 2.37.0",
        "no Ray version | CPU | Ray Only | latest | | components | the Ray version is unknown",
        "Ray component too long | CPU | Ray Only | latest | \"components\": [{\"name\": \"Ray\", \"version\": \"2.37.0-a-build-of-our-own-with-patches\"}] | components[0].version | at most 32 characters",
        "tag's Ray too long | CPU | Ray Only | 123456789012345678901234567890.1.0 | | image | at most 32 characters",
        "spark without spark | CPU | Ray Only | 2.37.0 | \"spark_connect\": true | spark_connect | needs Spark",
        "auto-init without spark | GPU | Others | 2.37.0 | \"spark_auto_init\": true | spark_auto_init | needs Spark",
        "custom listing no spark | CUSTOM | | 2.37.0 | \"spark_auto_init\": true, \"components\": [{\"name\": \"Ray\", \"version\": \"2.37.0\"}, {\"name\": \"Python\", \"version\": \"3.10\"}] | spark_auto_init | needs Spark",
        "component twice | CPU | Others | 2.37.0 | \"components\": [{\"name\": \"Python\", \"version\": \"3.10\"}, {\"name\": \"Python\", \"version\": \"3.11\"}] | components[1].name | listed twice",
        "unknown component | CPU | Others | 2.37.0 | \"components\": [{\"name\": \"Julia\", \"version\": \"1\"}] | components[0].name | wrong type",
        "bad secret name | CPU | Others | 2.37.0 | \"image_pull_secret\": \"Team_Secret\" | image_pull_secret | Kubernetes Secret",
        "unknown class | TPU | Others | 2.37.0 | | class | wrong type",
        "unknown type | CPU | Ray Plus | 2.37.0 | | type | wrong type",
      })
  void rejectsRegistrationsThatDoNotGoTogether(
      String title,
      String runtimeClass,
      String type,
      String tag,
      String extra,
      String field,
      String message) {
    String name = unique("Bad");
    assertRejected(
        api.post(
            "/runtime/v2/create",
            body(name, runtimeClass, type, image(name, tag), "alice@example.com", extra),
            ADMIN),
        400,
        field,
        message);
    assertRejected(api.get("/runtime/v2/get-details/" + name), 400, "runtime", "not found");
  }

  @Test
  void darwinSdksRuntimeBuilderRegistersACustomImageAsItSendsIt() {
    // runtime_builder.sh --runtime-class CUSTOM: no type, no components, spark_auto_init on (its
    // default): the image is the creator's own, so its Spark flag is taken at its word.
    String name = unique("SdkCustom");
    String image = image(name, "2.37.0-darwin-sdk");
    created(body(name, "CUSTOM", null, image, "admin@example.com", "\"spark_auto_init\": true"));
    JsonNode details = api.get("/runtime/v2/get-details/" + name).data();
    assertThat(details.get("spark_auto_init").asBoolean()).as(details.toString()).isTrue();
    assertThat(details.get("class").asString()).isEqualTo("CUSTOM");
    // Its details list the tag's Ray; an edit that sends them back unchanged is accepted.
    assertThat(details.get("components").toString()).contains("Ray");
    String sentBack = "\"spark_auto_init\": true, \"components\": " + details.get("components");
    String again = body(name, "CUSTOM", null, image, "admin@example.com", sentBack);
    Api.Response edited = api.post("/runtime/v2/update", again, ADMIN);
    assertThat(edited.status()).as(edited.raw()).isEqualTo(200);
  }

  @Test
  void aLongImageOrSecretNameOfManyPartsIsRefusedAsTooLong() {
    // 200,000 characters of "a.a.a...": each part was one more step of the pattern's recursion,
    // and the validation's StackOverflowError came back as a 500.
    String parts = "a.".repeat(100_000) + "a";
    String name = unique("Parts");
    for (String route : List.of("create", "update")) {
      assertRejected(
          api.post(
              "/runtime/v2/" + route,
              body(name, "CUSTOM", null, parts, "admin@example.com", null),
              ADMIN),
          400,
          "image",
          "size must be between 0 and 512");
      assertRejected(
          api.post(
              "/runtime/v2/" + route,
              body(
                  name,
                  "CUSTOM",
                  null,
                  image(name, "2.37.0"),
                  "admin@example.com",
                  "\"image_pull_secret\": \"" + parts + "\""),
              ADMIN),
          400,
          "image_pull_secret",
          "size must be between 0 and 253");
    }
    assertRejected(
        api.post(
            "/custom-runtime",
            """
            {"runtime": "%s", "image": "%s", "created_by": "admin@example.com", "type": "custom"}
            """
                .formatted(name, parts),
            ADMIN),
        400,
        "image",
        "size must be between 0 and 512");
    assertRejected(api.get("/runtime/v2/get-details/" + name), 400, "runtime", "not found");
  }

  @Test
  void rejectsMalformedFieldsAndBodies() {
    String name = unique("Form");
    assertRejected(
        api.post(
            "/runtime/v2/create",
            body(name, "CPU", "Ray Only", "not an image!", "alice@example.com", null),
            ADMIN),
        400,
        "image",
        "image reference");
    assertRejected(
        api.post(
            "/runtime/v2/create",
            body("bad/name", "CPU", "Ray Only", image(name, "2.37.0"), "alice@example.com", null),
            ADMIN),
        400,
        "runtime",
        "must start with a letter or digit");
    assertRejected(
        api.post(
            "/runtime/v2/create",
            "{\"runtime\": \"" + name + "\", \"class\": \"CPU\", \"type\": \"Ray Only\"}",
            ADMIN),
        400,
        "image",
        "must not be blank");
    assertRejected(api.post("/runtime/v2/create", "{not json", ADMIN), 400, null, "not valid JSON");
    // The link every user sees in the runtime lists runs nothing in their page.
    for (String link :
        List.of(
            "javascript:alert(1)",
            " JavaScript:alert(1)",
            "data:text/html,x",
            "\\u00a0javascript:alert(1)",
            "https://x.example.com/\\u2028")) {
      assertRejected(customWithLink("create", unique("Link"), link), 400, "reference_link", "");
    }
    assertRejected(
        customWithLink("create", unique("Link"), "docs\\u0000"),
        400,
        "reference_link",
        "control character");
    for (String link : List.of("https://docs.example.com/ray", "test-reference-link")) {
      String linked = unique("Link");
      Api.Response accepted = customWithLink("create", linked, link);
      assertThat(accepted.status()).as(accepted.raw()).isEqualTo(200);
      assertThat(accepted.data().get("reference_link").asString()).isEqualTo(link);
      // One stored before the rule (or by the Python service) is not served.
      jdbc.update(
          "UPDATE runtimes SET reference_link = 'javascript:alert(1)' WHERE runtime = ?", linked);
      assertThat(api.get("/runtime/v2/get-details/" + linked).data().get("reference_link").isNull())
          .isTrue();
      jdbc.update("UPDATE runtimes SET reference_link = ? WHERE runtime = ?", link, linked);
      // An update is held to the same rule.
      assertRejected(
          customWithLink("update", linked, "javascript:alert(1)"),
          400,
          "reference_link",
          "http or https");
    }
    assertRejected(
        api.post(
            "/runtime/v2/update",
            body(unique("Nope"), "CPU", "Ray Only", image(name, "2.37.0"), "a@example.com", null),
            ADMIN),
        400,
        "runtime",
        "not found");
    assertRejected(
        api.delete("/runtime/v2/soft-delete/" + unique("Nope"), ADMIN),
        400,
        "runtime",
        "not found");
  }

  @Test
  void rejectsDuplicateNamesAndImages() {
    String name = unique("Dup");
    String image = image(name, "2.37.0");
    created(body(name, "CPU", "Others", image, "alice@example.com", null));
    assertRejected(
        api.post(
            "/runtime/v2/create",
            body(name, "CPU", "Others", image(name + "-other", "2.37.0"), "a@example.com", null),
            ADMIN),
        400,
        "runtime",
        "already exists");
    String other = unique("Dup2");
    assertRejected(
        api.post(
            "/runtime/v2/create",
            body(other, "CPU", "Others", image, "a@example.com", null),
            ADMIN),
        400,
        "image",
        "already registered as runtime " + name);
    // An image of a seeded runtime, by update too.
    created(body(other, "CPU", "Others", image(other, "2.37.0"), "a@example.com", null));
    assertRejected(
        api.post(
            "/runtime/v2/update",
            body(other, "CPU", "Others", "ray:2.37.0", "a@example.com", null),
            ADMIN),
        400,
        "image",
        "already registered as runtime 0.0");
  }

  @Test
  void theSameChangeSentAtOnceIsAnsweredAsIfSentOneAfterAnother() throws Exception {
    String alice = Api.as("alice@example.com");
    for (int round = 0; round < 2; round++) {
      String name = unique("Race");
      String register =
          body(name, "CUSTOM", null, image(name, "2.37.0"), "alice@example.com", null);
      // One registers it; the others find the name taken (a 400, as the second of two would).
      List<Api.Response> creates =
          Concurrently.call(4, () -> api.post("/runtime/v2/create", register, alice));
      assertOneDidItAndTheOthersWere(creates, "runtime", "already exists");

      for (Api.Response r :
          Concurrently.call(
              4, () -> customWithLink("update", name, "https://example.com/" + name))) {
        assertThat(r.status()).as(r.raw()).isEqualTo(200);
      }
      assertThat(
              api.get("/runtime/v2/get-details/" + name, alice)
                  .data()
                  .get("reference_link")
                  .asString())
          .isEqualTo("https://example.com/" + name);

      List<Api.Response> retirements =
          Concurrently.call(4, () -> api.delete("/runtime/v2/soft-delete/" + name, alice));
      assertOneDidItAndTheOthersWere(retirements, "runtime", "is already deleted");

      // Registering a retired name again brings it back, once.
      List<Api.Response> revivals =
          Concurrently.call(4, () -> api.post("/runtime/v2/create", register, alice));
      assertOneDidItAndTheOthersWere(revivals, "runtime", "already exists");
    }
  }

  private void assertOneDidItAndTheOthersWere(
      List<Api.Response> answers, String field, String part) {
    int done = 0;
    for (Api.Response r : answers) {
      if (r.status() == 200) {
        done++;
      } else {
        assertRejected(r, 400, field, part);
      }
    }
    assertThat(done).as(answers.toString()).isEqualTo(1);
  }

  @Test
  void theDefaultOfAClassCannotBeSoftDeletedNorMovedToAnotherClass() {
    String name = unique("Default");
    created(
        body(
            name,
            "CPU",
            "Ray Only",
            image(name, "2.37.0"),
            "ops@example.com",
            "\"set_as_default\": true"));
    assertThat(
            getAll("{\"class\": \"CPU\"}", Api.USER)
                .get(0)
                .get("default_runtime")
                .get("runtime")
                .asString())
        .isEqualTo(name);
    assertRejected(
        api.delete("/runtime/v2/soft-delete/" + name, ADMIN), 400, "runtime", "set as the default");
    assertRejected(
        api.post(
            "/runtime/v2/update",
            body(name, "GPU", "Ray Only", image(name, "2.37.0"), "ops@example.com", null),
            ADMIN),
        400,
        "class",
        "is the default for CPU");

    // 0.0 is the default again; now the other one can go.
    Api.Response back =
        api.post(
            "/runtime/v2/update",
            body(
                "0.0",
                "CPU",
                "Ray Only",
                "ray:2.37.0",
                "ops@example.com",
                "\"set_as_default\": true"),
            ADMIN);
    assertThat(back.status()).as(back.raw()).isEqualTo(200);
    assertThat(
            getAll("{\"class\": \"CPU\"}", Api.USER)
                .get(0)
                .get("default_runtime")
                .get("runtime")
                .asString())
        .isEqualTo("0.0");
    assertThat(api.delete("/runtime/v2/soft-delete/" + name, ADMIN).status()).isEqualTo(200);
  }

  @Test
  void getAllGroupsByClassAndTypePagesEachTypeAndSplitsCustomByCreator() {
    String prefix = unique("Grp");
    for (int i = 0; i < 3; i++) {
      created(
          body(
              prefix + "-o" + i,
              "CPU",
              "Others",
              image(prefix + "-o" + i, "2.37.0"),
              "ops@example.com",
              null));
    }
    created(
        body(
            prefix + "-s",
            "CPU",
            "Ray and Spark",
            image(prefix + "-s", "2.37.0"),
            "ops@example.com",
            null));
    created(
        body(
            prefix + "-mine",
            "CUSTOM",
            null,
            image(prefix + "-mine", "2.37.0"),
            "alice@example.com",
            null));
    created(
        body(
            prefix + "-theirs",
            "CUSTOM",
            null,
            image(prefix + "-theirs", "2.37.0"),
            "bob@example.com",
            null));

    JsonNode all = getAll("{\"search_query\": \"" + prefix + "\"}", ALICE);
    assertThat(StreamSupport.stream(all.spliterator(), false).map(c -> c.get("class").asString()))
        .containsExactly("CPU", "GPU", "CUSTOM");
    JsonNode cpu = all.get(0);
    assertThat(cpu.get("total_count").asLong()).isEqualTo(4);
    assertThat(
            StreamSupport.stream(cpu.get("runtimes").spliterator(), false)
                .map(t -> t.get("type").asString()))
        .containsExactly("Ray Only", "Ray and Spark", "Others");
    assertThat(byType(cpu, "Others").get("count").asLong()).isEqualTo(3);
    assertThat(byType(cpu, "Ray and Spark").get("count").asLong()).isEqualTo(1);
    assertThat(byType(cpu, "Ray Only").get("count").asLong()).isZero();
    // Newest change first.
    assertThat(names(byType(cpu, "Others").get("runtime_list")))
        .containsExactly(prefix + "-o2", prefix + "-o1", prefix + "-o0");
    assertThat(cpu.get("default_runtime").get("runtime").asString()).isEqualTo("0.0");
    assertThat(all.get(1).get("total_count").asLong()).isZero();

    JsonNode custom = all.get(2);
    assertThat(custom.get("default_runtime").isNull()).isTrue();
    assertThat(custom.get("total_count").asLong()).isEqualTo(2);
    assertThat(names(byType(custom, "Created By Me").get("runtime_list")))
        .containsExactly(prefix + "-mine");
    assertThat(names(byType(custom, "Created By Others").get("runtime_list")))
        .containsExactly(prefix + "-theirs");
    assertThat(byType(custom, "Created By Me").get("runtime_list").get(0).get("type").isNull())
        .isTrue();

    // Paging applies per type; the count is the type's total.
    JsonNode page1 =
        getAll(
            "{\"class\": \"CPU\", \"type\": \"Others\", \"search_query\": \""
                + prefix
                + "\", \"page_size\": 2, \"offset\": 0}",
            ALICE);
    assertThat(page1.get(0).get("runtimes")).hasSize(1);
    assertThat(names(page1.get(0).get("runtimes").get(0).get("runtime_list")))
        .containsExactly(prefix + "-o2", prefix + "-o1");
    assertThat(page1.get(0).get("runtimes").get(0).get("count").asLong()).isEqualTo(3);
    JsonNode page2 =
        getAll(
            "{\"class\": \"CPU\", \"type\": \"Others\", \"search_query\": \""
                + prefix
                + "\", \"page_size\": 2, \"offset\": 2}",
            ALICE);
    assertThat(names(page2.get(0).get("runtimes").get(0).get("runtime_list")))
        .containsExactly(prefix + "-o0");

    // Bob sees the same custom runtimes the other way round.
    JsonNode bobs =
        getAll(
            "{\"class\": \"CUSTOM\", \"type\": \"Created By Me\", \"search_query\": \""
                + prefix
                + "\"}",
            "{\"email\": \"bob@example.com\"}");
    assertThat(names(bobs.get(0).get("runtimes").get(0).get("runtime_list")))
        .containsExactly(prefix + "-theirs");
    // So does a delegate acting for him: his runtimes are his, not the delegate's signature's.
    Api.Response forBob =
        api.send(
            "POST",
            "/runtime/v2/get-all",
            "{\"class\": \"CUSTOM\", \"type\": \"Created By Me\", \"search_query\": \""
                + prefix
                + "\"}",
            Api.as("workspace-service"),
            "on-behalf-of",
            "bob@example.com");
    assertThat(forBob.status()).as(forBob.raw()).isEqualTo(200);
    assertThat(names(forBob.data().get(0).get("runtimes").get(0).get("runtime_list")))
        .containsExactly(prefix + "-theirs");
    // A search string is data, not a pattern.
    assertThat(getAll("{\"search_query\": \"%_'\\\"\"}", ALICE).get(0).get("total_count").asLong())
        .isZero();
    // One with a control character is refused, as text is everywhere else (it matched nothing).
    Api.Response control =
        api.post("/runtime/v2/get-all", "{\"search_query\": \"Ray\\u0000\"}", ALICE);
    assertThat(control.status()).as(control.raw()).isEqualTo(400);
    assertThat(control.raw()).contains("\"field\":\"search_query\"");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "type without class | {\"type\": \"Ray Only\"} | type | Specify the class first",
        "custom with a content type | {\"class\": \"CUSTOM\", \"type\": \"Ray Only\"} | type | Incorrect Type for CUSTOM",
        "cpu with a creator type | {\"class\": \"CPU\", \"type\": \"Created By Me\"} | type | Incorrect Type for CPU",
        "page size zero | {\"page_size\": 0} | page_size | greater than or equal to 1",
        "negative offset | {\"offset\": -1} | offset | greater than or equal to 0",
      })
  void getAllRejectsBadQueries(String title, String body, String field, String message) {
    assertRejected(api.post("/runtime/v2/get-all", body, ALICE), 400, field, message);
  }

  @Test
  void getAllNeedsTheCaller() {
    // No identity, or a malformed one from the gateway: refused before the handler (401).
    Api.Response missing = api.post("/runtime/v2/get-all", "{}", Api.NO_IDENTITY);
    assertThat(missing.status()).as(missing.raw()).isEqualTo(401);
    assertThat(missing.body().get("status").asString()).isEqualTo("ERROR");
    Api.Response malformed = api.post("/runtime/v2/get-all", "{}", "not json");
    assertThat(malformed.status()).as(malformed.raw()).isEqualTo(401);
    assertThat(malformed.body().get("status").asString()).isEqualTo("ERROR");
  }

  @Test
  void everyRouteIsInTheOpenApiDocument() {
    JsonNode paths = api.get("/v3/api-docs").body().get("paths");
    assertThat(paths.get("/runtime/v2/create").has("post")).isTrue();
    assertThat(paths.get("/runtime/v2/get-all").has("post")).isTrue();
    assertThat(paths.get("/runtime/v2/get-details/{runtime}").has("get")).isTrue();
    assertThat(paths.get("/runtime/v2/update").has("post")).isTrue();
    assertThat(paths.get("/runtime/v2/soft-delete/{runtime}").has("delete")).isTrue();
    assertThat(paths.get("/custom-runtime").has("post")).isTrue();
  }

  @Test
  void theV1RegistrationAddsARuntimeTheV1ListingShows() {
    String name = unique("v1");
    Api.Response response =
        api.post(
            "/custom-runtime",
            """
            {"runtime": "%s", "image": "localhost:5000/%s:2.37.0", "namespace": "ray",
             "created_by": "alice@example.com", "type": "custom"}
            """
                .formatted(name, name.toLowerCase()),
            ADMIN);
    assertThat(response.status()).as(response.raw()).isEqualTo(200);
    assertThat(response.message()).isEqualTo("Custom Runtime inserted successfully.");
    assertThat(response.data()).hasSize(2);
    assertThat(response.data().get(0).asLong()).isPositive();
    assertThat(response.data().get(1).isNull()).isTrue();
    JsonNode custom = api.get("/get-runtimes").data().get("custom");
    assertThat(names2(custom)).contains(name);
    JsonNode d = api.get("/runtime/v2/get-details/" + name).data();
    assertThat(d.get("id").asLong()).isEqualTo(response.data().get(0).asLong());
    assertThat(d.get("ray_version").asString()).isEqualTo("2.37.0");
    assertThat(d.get("created_by").asString()).isEqualTo("alice@example.com");

    assertRejected(
        api.post(
            "/custom-runtime",
            """
            {"runtime": "%s", "image": "localhost:5000/x:2.37.0", "namespace": "ray",
             "created_by": "a@example.com", "type": "tpu"}
            """
                .formatted(unique("v1")),
            ADMIN),
        400,
        "type",
        "cpu, gpu or custom");
    assertRejected(
        api.post(
            "/custom-runtime",
            """
            {"runtime": "%s", "image": "localhost:5000/nover:latest", "namespace": "ray",
             "created_by": "a@example.com", "type": "cpu"}
            """
                .formatted(unique("v1")),
            ADMIN),
        400,
        "components",
        "Ray version is unknown");
  }

  @Test
  @SuppressWarnings("unchecked")
  void aClusterOnANewRuntimeRunsItsImageRayVersionPullSecretAndSparkFlags() {
    String runtime = unique("Rt");
    String image = image(runtime, "2.41.0-py310");
    created(
        body(
            runtime,
            "CPU",
            "Ray and Spark",
            image,
            "alice@example.com",
            "\"spark_connect\": true, \"image_pull_secret\": \"team-registry\","
                + " \"components\": [{\"name\": \"Ray\", \"version\": \"2.41.0\"}]"));
    String clusterId =
        create(
            ClusterRequests.quickStart(unique("on-rt")).replace("\"0.0\"", "\"" + runtime + "\""));

    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                RayClusterKind.in(sandbox.kubernetes().client())
                        .inNamespace("ray")
                        .withName(clusterId + "-kuberay")
                        .get()
                    != null);
    GenericKubernetesResource rc =
        RayClusterKind.in(sandbox.kubernetes().client())
            .inNamespace("ray")
            .withName(clusterId + "-kuberay")
            .get();
    Map<String, Object> spec = (Map<String, Object>) rc.getAdditionalProperties().get("spec");
    assertThat(spec.get("rayVersion")).isEqualTo("2.41.0");
    List<Map<String, Object>> pods = new ArrayList<>();
    pods.add(
        (Map<String, Object>)
            ((Map<String, Object>)
                    ((Map<String, Object>) spec.get("headGroupSpec")).get("template"))
                .get("spec"));
    for (Object g : (List<Object>) spec.get("workerGroupSpecs")) {
      pods.add(
          (Map<String, Object>)
              ((Map<String, Object>) ((Map<String, Object>) g).get("template")).get("spec"));
    }
    for (Map<String, Object> pod : pods) {
      assertThat(pod.get("imagePullSecrets")).isEqualTo(List.of(Map.of("name", "team-registry")));
      for (Object c : (List<Object>) pod.get("containers")) {
        Map<String, Object> container = (Map<String, Object>) c;
        assertThat(container.get("image")).isEqualTo(image);
        assertThat((List<Object>) container.get("env"))
            .contains(Map.of("name", "SPARK_CONNECT_ENABLED", "value", "true"));
      }
    }
    awaitStatus(clusterId, "active");

    // In use by a running cluster: not deleted.
    assertRejected(api.delete("/runtime/v2/soft-delete/" + runtime, ADMIN), 409, null, clusterId);

    // Nor can what its pods run change under it; its description can.
    String podFields =
        "\"spark_connect\": true, \"image_pull_secret\": \"team-registry\","
            + " \"components\": [{\"name\": \"Ray\", \"version\": \"2.41.0\"}]";
    assertRejected(
        api.post(
            "/runtime/v2/update",
            body(
                runtime,
                "CPU",
                "Ray and Spark",
                image(runtime, "2.41.0-py311"),
                "alice@example.com",
                podFields),
            ADMIN),
        409,
        null,
        "cannot change while they run");
    Api.Response described =
        api.post(
            "/runtime/v2/update",
            body(
                runtime,
                "CPU",
                "Ray and Spark",
                image,
                "alice@example.com",
                podFields + ", \"reference_link\": \"https://wiki.example.com/rt\""),
            ADMIN);
    assertThat(described.status()).as(described.raw()).isEqualTo(200);

    // Stopped, it can go; starting the cluster again runs the same image and says so.
    assertThat(api.post("/cluster/stop-cluster/" + clusterId, null, Api.USER).status())
        .isEqualTo(202);
    Api.Response deleted = api.delete("/runtime/v2/soft-delete/" + runtime, ADMIN);
    assertThat(deleted.status()).as(deleted.raw()).isEqualTo(200);
    Api.Response started = api.post("/cluster/start-cluster/" + clusterId, null, Api.USER);
    assertThat(started.status()).as(started.raw()).isEqualTo(202);
    String runId =
        api.get("/cluster/" + clusterId + "/metadata")
            .data()
            .get("active_cluster_runid")
            .asString();
    JsonNode actions = api.get("/cluster/get-action-group-details/" + runId).data();
    assertThat(
            StreamSupport.stream(actions.spliterator(), false)
                .map(
                    a ->
                        a.get("event_name").asString()
                            + ": "
                            + a.get("event_description").asString()))
        .anySatisfy(
            a ->
                assertThat(a)
                    .startsWith("Runtime Deleted: Runtime '" + runtime + "' was deleted")
                    .contains(image));
    awaitStatus(clusterId, "active");
    // Registered again under its name while that cluster runs its old image: not with another.
    assertRejected(
        api.post(
            "/runtime/v2/create",
            body(
                runtime,
                "CPU",
                "Ray and Spark",
                image(runtime, "2.41.0-py311"),
                "alice@example.com",
                podFields),
            ADMIN),
        409,
        null,
        "cannot change while they run");
    assertThat(api.get("/runtime/v2/get-details/" + runtime, ADMIN).status()).isNotEqualTo(200);
    assertThat(api.post("/cluster/stop-cluster/" + clusterId, null, Api.USER).status())
        .isEqualTo(202);
  }

  @Test
  void customRuntimesAreTheirCreatorsAndThePlatformCatalogueIsForAdmins() {
    String bob = Api.as("bob@example.com");
    String name = unique("Mine");
    String image = image(name, "2.37.0");
    JsonNode mine =
        ok(
            api.post(
                "/runtime/v2/create",
                body(name, "CUSTOM", null, image, "alice@example.com", null),
                ALICE));
    assertThat(mine.get("created_by").asString()).isEqualTo("alice@example.com");

    // Registering as someone else, or into the platform's classes, is refused.
    assertForbidden(
        api.post(
            "/runtime/v2/create",
            body(
                unique("Forged"),
                "CUSTOM",
                null,
                image(unique("forged"), "2.37.0"),
                "bob@example.com",
                null),
            ALICE),
        "may not register or change a runtime as bob@example.com");
    assertForbidden(
        api.post(
            "/runtime/v2/create",
            body(
                unique("Cpu"),
                "CPU",
                "Ray Only",
                image(unique("cpu"), "2.37.0"),
                "alice@example.com",
                null),
            ALICE),
        "Only admins may register or change CPU runtimes");

    // Another user can neither edit nor retire it, in their name or in the creator's.
    String rewritten =
        body(name, "CUSTOM", null, image(name + "-evil", "2.37.0"), "bob@example.com", null);
    assertForbidden(
        api.post("/runtime/v2/update", rewritten, bob),
        "was registered by alice@example.com: only they and admins may change it");
    assertForbidden(
        api.post(
            "/runtime/v2/update",
            body(name, "CUSTOM", null, image(name + "-evil", "2.37.0"), "alice@example.com", null),
            bob),
        "may not register or change a runtime as alice@example.com");
    assertForbidden(api.delete("/runtime/v2/soft-delete/" + name, bob), "only they and admins");
    // A delegate acts for the user it names: not alice's runtime to bob, whoever the body names.
    assertForbidden(
        api.send(
            "POST",
            "/runtime/v2/update",
            body(name, "CUSTOM", null, image(name + "-evil", "2.37.0"), "alice@example.com", null),
            Api.as("sdk"),
            "on-behalf-of",
            "bob@example.com"),
        "was registered by alice@example.com");
    // Nor can the creator move it into a platform class.
    assertForbidden(
        api.post(
            "/runtime/v2/update",
            body(name, "GPU", "Ray Only", image, "alice@example.com", null),
            ALICE),
        "Only admins may register or change GPU runtimes");
    // A pull secret is a registry's credentials: the platform's (platform-*, reserved to finance
    // in the test profile) are not hers to pull with, on a registration or an edit.
    String platformPull = "\"image_pull_secret\": \"platform-registry\"";
    assertForbidden(
        api.post(
            "/runtime/v2/create",
            body(
                unique("Pull"),
                "CUSTOM",
                null,
                image(unique("pull"), "2.37.0"),
                "alice@example.com",
                platformPull),
            ALICE),
        "were not granted Secret platform-registry: a runtime's image is pulled with");
    assertForbidden(
        api.post(
            "/runtime/v2/update",
            body(name, "CUSTOM", null, image, "alice@example.com", platformPull),
            ALICE),
        "were not granted Secret platform-registry");
    // One an admin gave her runtime stays hers for its image, not for any image it pulls.
    String given = unique("Given");
    String givenImage = image(given, "2.37.0");
    ok(
        api.post(
            "/runtime/v2/create",
            body(given, "CUSTOM", null, givenImage, "alice@example.com", platformPull),
            ADMIN));
    ok(
        api.post(
            "/runtime/v2/update",
            body(
                given,
                "CUSTOM",
                null,
                givenImage,
                "alice@example.com",
                platformPull + ", \"spark_auto_init\": false"),
            ALICE));
    assertForbidden(
        api.post(
            "/runtime/v2/update",
            body(
                given,
                "CUSTOM",
                null,
                image(given + "-other", "2.37.0"),
                "alice@example.com",
                platformPull),
            ALICE),
        "were not granted Secret platform-registry");
    JsonNode unchanged = api.get("/runtime/v2/get-details/" + name).data();
    assertThat(unchanged.get("image").asString()).isEqualTo(image);
    assertThat(unchanged.get("class").asString()).isEqualTo("CUSTOM");
    assertThat(unchanged.get("is_deleted").asBoolean()).isFalse();

    // A platform runtime is the admins' alone, even to edit or retire.
    assertForbidden(
        api.post(
            "/runtime/v2/update",
            body(
                "0.0",
                "CPU",
                "Ray Only",
                "registry.example.com/bob/evil:2.37.0",
                "bob@example.com",
                null),
            bob),
        "platform's catalogue: only admins may change it");
    assertForbidden(api.delete("/runtime/v2/soft-delete/0.0", bob), "only admins may change it");

    // Unidentified: refused before the handler.
    assertThat(api.post("/runtime/v2/update", rewritten, Api.NO_IDENTITY).status()).isEqualTo(401);
    assertThat(api.delete("/runtime/v2/soft-delete/" + name, Api.NO_IDENTITY).status())
        .isEqualTo(401);

    // The creator edits and retires it, signed with their name; a retired runtime is not someone
    // else's to bring back under the creator's name.
    String edited = image(name + "-v2", "2.37.0");
    JsonNode update =
        ok(
            api.post(
                "/runtime/v2/update",
                body(name, "CUSTOM", null, edited, "alice@example.com", null),
                ALICE));
    assertThat(update.get("image").asString()).isEqualTo(edited);
    assertThat(update.get("last_updated_by").asString()).isEqualTo("alice@example.com");
    assertThat(api.delete("/runtime/v2/soft-delete/" + name, ALICE).status()).isEqualTo(200);
    assertForbidden(
        api.post(
            "/runtime/v2/create", body(name, "CUSTOM", null, edited, "bob@example.com", null), bob),
        "was registered by alice@example.com");
    assertThat(api.get("/runtime/v2/get-details/" + name).status()).isEqualTo(400);

    // The v1 registration follows the same rules.
    String v1 =
        """
        {"runtime": "%s", "image": "localhost:5000/%s:2.37.0", "created_by": "%s", "type": "%s"}
        """;
    String v1Name = unique("v1own");
    assertForbidden(
        api.post(
            "/custom-runtime",
            v1.formatted(v1Name, v1Name.toLowerCase(), "bob@example.com", "custom"),
            ALICE),
        "created_by must be yourself");
    assertForbidden(
        api.post(
            "/custom-runtime",
            v1.formatted(v1Name, v1Name.toLowerCase(), "alice@example.com", "cpu"),
            ALICE),
        "Only admins may register or change CPU runtimes");
    assertThat(
            api.post(
                    "/custom-runtime",
                    v1.formatted(v1Name, v1Name.toLowerCase(), "alice@example.com", "custom"),
                    ALICE)
                .status())
        .isEqualTo(200);
  }

  private static JsonNode ok(Api.Response response) {
    assertThat(response.status()).as(response.raw()).isEqualTo(200);
    return response.data();
  }

  @Test
  void aClusterOnAnotherUsersCustomRuntimeNeedsItsPullSecret() {
    // fin@ (finance) may pull with platform-registry, reserved to finance in the test profile.
    String finance = unique("Finance");
    String fin = "fin@example.com";
    ok(
        api.post(
            "/runtime/v2/create",
            body(
                finance,
                "CUSTOM",
                null,
                image(finance, "2.37.0"),
                fin,
                "\"image_pull_secret\": \"platform-registry\""),
            Api.as(fin)));
    java.util.function.BiFunction<String, String, String> clusterOf =
        (user, runtime) ->
            ClusterRequests.stoppedQuickStart(unique("pull"))
                .replace("\"0.0\"", "\"" + runtime + "\"")
                .replace("\"user@example.com\"", "\"" + user + "\"");
    assertForbidden(
        api.post("/cluster", clusterOf.apply("alice@example.com", finance), ALICE),
        "You (alice@example.com) were not granted Secret platform-registry: runtime "
            + finance
            + " is another user's");
    ok(api.post("/cluster", clusterOf.apply(fin, finance), Api.as(fin)));

    // An edit onto it is held to the same; her cluster on the platform's runtime is unchanged.
    Api.Response mine = api.post("/cluster", clusterOf.apply("alice@example.com", "0.0"), ALICE);
    ok(mine);
    String id = mine.data().get("cluster_id").asString();
    String edit = clusterOf.apply("alice@example.com", finance);
    assertForbidden(api.put("/cluster/" + id, edit, ALICE), "Secret platform-registry");
    assertThat(api.get("/cluster/" + id, ALICE).data().get("runtime").asString()).isEqualTo("0.0");
  }

  @Test
  void aNewPullSecretOfARuntimeInUseMustBeGrantedToTheOwnersOfItsClusters() {
    String shared = unique("Shared");
    String fin = "fin@example.com";
    String registered =
        body(
            shared,
            "CUSTOM",
            null,
            image(shared, "2.37.0"),
            fin,
            "\"image_pull_secret\": \"open-registry\"");
    ok(api.post("/runtime/v2/create", registered, Api.as(fin)));
    String alices =
        ClusterRequests.stoppedQuickStart(unique("on-shared"))
            .replace("\"0.0\"", "\"" + shared + "\"")
            .replace("\"user@example.com\"", "\"alice@example.com\"");
    Api.Response cluster = api.post("/cluster", alices, ALICE);
    ok(cluster);

    // fin may pull with platform-registry, alice may not: her cluster's pods would.
    String toPlatform = registered.replace("open-registry", "platform-registry");
    assertForbidden(
        api.post("/runtime/v2/update", toPlatform, Api.as(fin)),
        "Runtime "
            + shared
            + " is used by a cluster of alice@example.com, who was not granted"
            + " Secret platform-registry");
    assertThat(api.get("/runtime/v2/get-details/" + shared).raw()).contains("open-registry");
    // Nor by retiring it and registering it again: her cluster comes back with it.
    ok(api.delete("/runtime/v2/soft-delete/" + shared, Api.as(fin)));
    assertForbidden(
        api.post("/runtime/v2/create", toPlatform, Api.as(fin)),
        "is used by a cluster of alice@example.com");
    ok(api.post("/runtime/v2/create", registered, Api.as(fin)));
    // Without her cluster on it, the creator may.
    String id = cluster.data().get("cluster_id").asString();
    assertThat(api.delete("/cluster/" + id, ALICE).status()).isEqualTo(200);
    ok(api.post("/runtime/v2/update", toPlatform, Api.as(fin)));
  }

  private static void assertForbidden(Api.Response response, String part) {
    assertThat(response.status()).as(response.raw()).isEqualTo(403);
    assertThat(response.body().get("status").asString()).isEqualTo("ERROR");
    assertThat(response.message()).contains(part);
  }
}
