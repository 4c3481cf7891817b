package com.darwin.compute.core.runtime;

import com.darwin.compute.core.domain.ClusterConflictException;
import com.darwin.compute.core.domain.InvalidRequestException;
import com.darwin.compute.core.limits.TextRules;
import com.darwin.compute.core.render.RuntimeVersions;
import com.darwin.compute.core.store.DefaultRuntimeEntity;
import com.darwin.compute.core.store.DefaultRuntimeRepository;
import com.darwin.compute.core.store.RuntimeEntity;
import com.darwin.compute.core.store.RuntimeRepository;
import com.darwin.compute.model.common.FieldError;
import com.darwin.compute.model.runtime.ComponentName;
import com.darwin.compute.model.runtime.CustomRuntimeRequest;
import com.darwin.compute.model.runtime.RuntimeClass;
import com.darwin.compute.model.runtime.RuntimeComponent;
import com.darwin.compute.model.runtime.RuntimeType;
import com.darwin.compute.model.runtime.RuntimeV2Details;
import com.darwin.compute.model.runtime.RuntimeV2Request;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Registering, editing and soft-deleting runtimes ({@code /runtime/v2}, {@code POST
 * /custom-runtime}, the catalogue file). Every registration is checked the way KubeRay will check
 * the clusters that use it: the Ray version must be known and agree with the image tag.
 */
@Service
public class RuntimeRegistry {

  /** A URI scheme at the start of a link, as browsers read one (after leading whitespace). */
  private static final Pattern LINK_SCHEME = Pattern.compile("^\\s*([A-Za-z][A-Za-z0-9+.-]*):");

  /** Who catalogue-file changes are signed by. */
  public static final String CATALOGUE_USER = "Darwin";

  private final RuntimeRepository runtimes;
  private final DefaultRuntimeRepository defaults;
  private final RuntimeLookups lookups;
  private final Clock clock;

  public RuntimeRegistry(
      RuntimeRepository runtimes,
      DefaultRuntimeRepository defaults,
      RuntimeLookups lookups,
      Clock clock) {
    this.runtimes = runtimes;
    this.defaults = defaults;
    this.lookups = lookups;
    this.clock = clock;
  }

  /**
   * A new runtime. A soft-deleted one of the same name comes back with the new description (its
   * components and default included, unlike the Python service).
   */
  @Transactional
  public RuntimeV2Details create(RuntimeV2Request request) {
    lookups.changed();
    Optional<RuntimeEntity> existing = runtimes.findByRuntime(request.runtime());
    if (existing.isPresent() && !existing.get().isDeleted()) {
      throw new InvalidRequestException(
          "runtime", "Runtime " + request.runtime() + " already exists");
    }
    Description d = describe(request, existing.map(RuntimeEntity::getId).orElse(null));
    if (existing.isPresent()) {
      // Clusters may have been started on it since it was deleted (they run its old image): as
      // for an update, what their pods run does not change under them.
      refuseChangingWhatRunningPodsRun(existing.get(), d);
    }
    Instant now = clock.instant();
    RuntimeEntity runtime =
        existing.orElseGet(() -> new RuntimeEntity(request.runtime(), request.user(), now));
    runtime.setDeleted(false);
    apply(runtime, d, request, request.user(), now);
    return details(runtime);
  }

  /** A new description of an existing runtime, signed {@code by}; its name and creator stay. */
  @Transactional
  public RuntimeV2Details update(RuntimeV2Request request, String by) {
    lookups.changed();
    RuntimeEntity runtime = live(request.runtime());
    Description d = describe(request, runtime.getId());
    if (!d.runtimeClass().name().equals(runtime.getRuntimeClass())) {
      defaults
          .findByRuntimeId(runtime.getId())
          .forEach(
              x -> {
                throw new InvalidRequestException(
                    "class",
                    "Runtime "
                        + runtime.getRuntime()
                        + " is the default for "
                        + x.getRuntimeClass()
                        + "; set another default before moving it to "
                        + d.runtimeClass());
              });
    }
    refuseChangingWhatRunningPodsRun(runtime, d);
    apply(runtime, d, request, by, clock.instant());
    return details(runtime);
  }

  @Transactional(readOnly = true)
  public RuntimeV2Details details(String name) {
    return details(live(name));
  }

  /**
   * Marks a runtime deleted: it is no longer offered, and clusters that have it keep it. Refused
   * for a class's default runtime (400, as the Python service) and while a running cluster uses it
   * (409); a stopped cluster that uses it is flagged when it starts. Signed {@code by} the caller.
   */
  @Transactional
  public void softDelete(String name, String by) {
    lookups.changed();
    RuntimeEntity runtime =
        runtimes
            .findByRuntime(name)
            .orElseThrow(
                () ->
                    new InvalidRequestException(
                        "runtime",
                        "Runtime: " + name + " not found. Verify runtime name and try again."));
    if (runtime.isDeleted()) {
      throw new InvalidRequestException("runtime", "Runtime: " + name + " is already deleted.");
    }
    if (!defaults.findByRuntimeId(runtime.getId()).isEmpty()) {
      throw new InvalidRequestException(
          "runtime", "Cannot delete runtime: " + name + " as it is set as the default");
    }
    List<String> running = runtimes.runningClustersOn(name, PageRequest.of(0, 5));
    if (!running.isEmpty()) {
      throw new ClusterConflictException(
          "Cannot delete runtime: "
              + name
              + " while running clusters use it ("
              + String.join(", ", running)
              + (running.size() == 5 ? ", ..." : "")
              + "); stop them or move them to another runtime first");
    }
    runtime.setDeleted(true);
    runtime.touched(by, clock.instant());
  }

  /**
   * {@code POST /custom-runtime}: the v1 registration ({@code type} cpu, gpu or custom). The Ray
   * version is read from the image tag, and the v2 checks apply (unique name and image).
   *
   * @return the id of the new runtime
   */
  @Transactional
  public long registerV1(CustomRuntimeRequest request) {
    lookups.changed();
    RuntimeClass runtimeClass = RuntimeClass.valueOf(request.type().toUpperCase(Locale.ROOT));
    RuntimeV2Details created =
        create(
            new RuntimeV2Request(
                request.runtime(),
                runtimeClass,
                runtimeClass == RuntimeClass.CUSTOM ? null : RuntimeType.OTHERS,
                request.image(),
                null,
                null,
                request.createdBy(),
                false,
                false,
                false,
                null));
    return created.id();
  }

  /**
   * Adds or updates a runtime of the catalogue file. A runtime soft-deleted through the API stays
   * deleted: the file does not undo an operator's decision.
   *
   * @return what was done
   */
  @Transactional
  public CatalogueOutcome syncFromCatalogue(RuntimeV2Request request, boolean makeDefault) {
    lookups.changed();
    Optional<RuntimeEntity> existing = runtimes.findByRuntime(request.runtime());
    if (existing.isPresent() && existing.get().isDeleted()) {
      return CatalogueOutcome.KEPT_DELETED;
    }
    Description d = describe(request, existing.map(RuntimeEntity::getId).orElse(null));
    Instant now = clock.instant();
    RuntimeEntity runtime =
        existing.orElseGet(() -> new RuntimeEntity(request.runtime(), CATALOGUE_USER, now));
    boolean isNew = existing.isEmpty();
    boolean changed = isNew || !d.sameAs(runtime);
    if (!isNew) {
      refuseChangingWhatRunningPodsRun(runtime, d);
    }
    runtime.setFromCatalogue(true);
    if (changed) {
      apply(runtime, d, request, request.user(), now);
    } else {
      runtimes.save(runtime);
    }
    if (makeDefault && d.runtimeClass() != RuntimeClass.CUSTOM) {
      DefaultRuntimeEntity current =
          defaults
              .findById(d.runtimeClass().name())
              .orElseGet(() -> new DefaultRuntimeEntity(d.runtimeClass().name(), null));
      // Only a class without a default gets the catalogue's: an operator's choice is kept.
      if (current.getRuntimeId() == null) {
        current.setRuntimeId(runtime.getId());
        defaults.save(current);
      }
    }
    return isNew
        ? CatalogueOutcome.ADDED
        : changed ? CatalogueOutcome.UPDATED : CatalogueOutcome.SAME;
  }

  /** What start-up did with one entry of the catalogue file. */
  public enum CatalogueOutcome {
    ADDED,
    UPDATED,
    SAME,
    KEPT_DELETED
  }

  /** The names of catalogue runtimes that are in the database but not in {@code names}. */
  @Transactional(readOnly = true)
  public List<String> catalogueRuntimesNotIn(Set<String> names) {
    return runtimes.findByFromCatalogueTrue().stream()
        .filter(r -> !r.isDeleted() && !names.contains(r.getRuntime()))
        .map(RuntimeEntity::getRuntime)
        .toList();
  }

  /**
   * Pods are rendered from the runtime's current row, so a new image (or Ray version, pull secret,
   * Spark flag) would reach a running cluster at its next reconcile: new pods on the new image
   * beside old ones. Such a change waits until no running cluster uses the runtime (409).
   */
  private void refuseChangingWhatRunningPodsRun(RuntimeEntity runtime, Description d) {
    if (!d.changesPods(runtime)) {
      return;
    }
    List<String> running = runtimes.runningClustersOn(runtime.getRuntime(), PageRequest.of(0, 5));
    if (!running.isEmpty()) {
      throw new ClusterConflictException(
          "Runtime "
              + runtime.getRuntime()
              + " runs clusters ("
              + String.join(", ", running)
              + (running.size() == 5 ? ", ..." : "")
              + "): its image, Ray version, pull secret and Spark flags cannot change while they"
              + " run; stop them first, or register a new runtime");
    }
  }

  private RuntimeEntity live(String name) {
    RuntimeEntity runtime =
        runtimes
            .findByRuntime(name)
            .orElseThrow(
                () -> new InvalidRequestException("runtime", "Runtime: " + name + " not found"));
    if (runtime.isDeleted()) {
      throw new InvalidRequestException("runtime", "Runtime: " + name + " is deleted");
    }
    return runtime;
  }

  private void apply(
      RuntimeEntity runtime, Description d, RuntimeV2Request request, String by, Instant now) {
    runtime.describe(
        d.runtimeClass().name(),
        d.type() == null ? null : d.type().wireName(),
        request.image(),
        d.rayVersion(),
        request.referenceLink(),
        request.sparkConnect(),
        request.sparkAutoInit(),
        request.imagePullSecret());
    // Components are replaced when given; a runtime always lists its Ray version.
    if (request.components() != null || runtime.getComponents().isEmpty()) {
      runtime.replaceComponents(d.components());
    }
    runtime.touched(by, now);
    runtimes.saveAndFlush(runtime);
    if (request.setAsDefault()) {
      DefaultRuntimeEntity current =
          defaults
              .findById(d.runtimeClass().name())
              .orElseGet(() -> new DefaultRuntimeEntity(d.runtimeClass().name(), null));
      current.setRuntimeId(runtime.getId());
      defaults.save(current);
    }
  }

  /**
   * A runtime's {@code reference_link} is shown to every user as a link (the UI's runtime lists),
   * and anyone may register a CUSTOM runtime: one line of text, and when it names a scheme, a web
   * address ({@code javascript:} or {@code data:} would run in the viewer's page). Text without a
   * scheme, which the Python service's clients send ({@code "test-reference-link"}), stays valid.
   */
  static void checkReferenceLink(String link, List<FieldError> errors) {
    if (link == null) {
      return;
    }
    String problem = TextRules.problem(link, false);
    if (problem == null) {
      problem = invisibleCharacter(link);
    }
    if (problem != null) {
      errors.add(new FieldError("reference_link", problem));
      return;
    }
    Matcher scheme = LINK_SCHEME.matcher(link);
    if (scheme.find()
        && !scheme.group(1).equalsIgnoreCase("http")
        && !scheme.group(1).equalsIgnoreCase("https")) {
      errors.add(
          new FieldError(
              "reference_link",
              "must be an http or https address (or text without a scheme), not "
                  + scheme.group(1)
                  + ":"));
    }
  }

  /**
   * Line and paragraph separators, spaces other than U+0020 and invisible format characters: a UI's
   * {@code trim()} removes some of them, which would put a scheme hidden behind one first.
   */
  private static String invisibleCharacter(String link) {
    for (int i = 0; i < link.length(); ) {
      int c = link.codePointAt(i);
      int type = Character.getType(c);
      if ((type == Character.SPACE_SEPARATOR && c != ' ')
          || type == Character.LINE_SEPARATOR
          || type == Character.PARAGRAPH_SEPARATOR
          || type == Character.FORMAT) {
        return String.format(
            "contains an invisible or separator character (U+%04X at position %d)", c, i);
      }
      i += Character.charCount(c);
    }
    return null;
  }

  /**
   * A stored link the rule refuses (one registered before it, or by the Python service) is not
   * served.
   */
  private static String servedLink(String link) {
    List<FieldError> problems = new ArrayList<>();
    checkReferenceLink(link, problems);
    return problems.isEmpty() ? link : null;
  }

  /**
   * The checks of a registration that the request's annotations cannot express, and what follows
   * from it: the type for the class, the Ray version (the Ray component's, else the image tag's)
   * and KubeRay's rule that the tag agrees with it, a free image, Spark flags only with Spark (or
   * on a CUSTOM image whose contents beyond Ray are not listed).
   */
  private Description describe(RuntimeV2Request request, Long self) {
    List<FieldError> errors = new ArrayList<>();
    RuntimeClass runtimeClass = request.runtimeClass();
    RuntimeType type = request.type();
    if (runtimeClass == RuntimeClass.CUSTOM && type != null) {
      errors.add(new FieldError("type", "Type must be NULL for CUSTOM class"));
    } else if (runtimeClass != RuntimeClass.CUSTOM && type == null) {
      errors.add(new FieldError("type", "Type is required for CPU and GPU class"));
    } else if (type != null && !type.describesContents()) {
      errors.add(
          new FieldError(
              "type",
              "Incorrect Type for CPU and GPU class. Must be 'Ray Only', 'Ray and Spark' or"
                  + " 'Others'"));
    }
    if (request.setAsDefault() && runtimeClass == RuntimeClass.CUSTOM) {
      errors.add(new FieldError("set_as_default", "Cannot set default for CUSTOM class"));
    }
    checkReferenceLink(request.referenceLink(), errors);

    List<RuntimeEntity.Component> components = new ArrayList<>();
    Set<ComponentName> seen = new HashSet<>();
    String rayVersion = null;
    String rayVersionField = "image";
    if (request.components() != null) {
      for (int i = 0; i < request.components().size(); i++) {
        RuntimeComponent c = request.components().get(i);
        if (!seen.add(c.name())) {
          errors.add(new FieldError("components[" + i + "].name", "is listed twice"));
        }
        components.add(new RuntimeEntity.Component(c.name().name(), c.version()));
        if (c.name() == ComponentName.Ray) {
          rayVersion = c.version();
          rayVersionField = "components[" + i + "].version";
        }
      }
    }
    Optional<String> tagVersion = RuntimeVersions.versionOfTag(request.image());
    if (rayVersion == null && tagVersion.isPresent()) {
      rayVersion = tagVersion.get();
      components.add(0, new RuntimeEntity.Component(ComponentName.Ray.name(), rayVersion));
    }
    if (rayVersion == null) {
      errors.add(
          new FieldError(
              "components",
              "the Ray version is unknown: the image tag carries none, so list a Ray component"
                  + " ({\"name\": \"Ray\", \"version\": \"2.37.0\"})"));
    } else if (rayVersion.length() > RuntimeEntity.RAY_VERSION_LENGTH) {
      // A component's version may be longer (50), but the runtime's own column holds the Ray
      // version KubeRay is given; past it the insert failed with the database's generic 400.
      errors.add(
          new FieldError(
              rayVersionField,
              "the Ray version must be at most "
                  + RuntimeEntity.RAY_VERSION_LENGTH
                  + " characters"));
    } else if (RuntimeVersions.contradicts(request.image(), rayVersion)) {
      errors.add(
          new FieldError(
              "image",
              "the image tag must start with the Ray version "
                  + rayVersion
                  + " (KubeRay requires rayVersion to match the image)"));
    }
    // A CUSTOM runtime has no type, and one that lists no components but Ray says nothing of its
    // image beyond the Ray version (darwin-sdk's runtime_builder.sh registers its CUSTOM images
    // with none, and spark_auto_init; its details then list the tag's Ray, which an edit sends
    // back): its Spark flags are its creator's word about an image of their own.
    boolean undescribed =
        runtimeClass == RuntimeClass.CUSTOM && seen.stream().allMatch(c -> c == ComponentName.Ray);
    boolean hasSpark =
        undescribed || type == RuntimeType.RAY_AND_SPARK || seen.contains(ComponentName.Spark);
    if (request.sparkConnect() && !hasSpark) {
      errors.add(
          new FieldError(
              "spark_connect", "needs Spark: type 'Ray and Spark' or a Spark component"));
    }
    if (request.sparkAutoInit() && !hasSpark) {
      errors.add(
          new FieldError(
              "spark_auto_init", "needs Spark: type 'Ray and Spark' or a Spark component"));
    }
    runtimes
        .findByImage(request.image())
        .filter(other -> !other.getId().equals(self))
        .ifPresent(
            other ->
                errors.add(
                    new FieldError(
                        "image",
                        "Image "
                            + request.image()
                            + " is already registered as runtime "
                            + other.getRuntime())));
    if (!errors.isEmpty()) {
      throw new InvalidRequestException(errors);
    }
    return new Description(runtimeClass, type, rayVersion, List.copyOf(components), request);
  }

  private record Description(
      RuntimeClass runtimeClass,
      RuntimeType type,
      String rayVersion,
      List<RuntimeEntity.Component> components,
      RuntimeV2Request request) {

    boolean changesPods(RuntimeEntity r) {
      return !(request.image().equals(r.getImage())
          && rayVersion.equals(r.getRayVersion())
          && request.sparkConnect() == r.isSparkConnect()
          && request.sparkAutoInit() == r.isSparkAutoInit()
          && Objects.equals(request.imagePullSecret(), r.getImagePullSecret()));
    }

    boolean sameAs(RuntimeEntity r) {
      return runtimeClass.name().equals(r.getRuntimeClass())
          && Objects.equals(type == null ? null : type.wireName(), r.getRuntimeType())
          && request.image().equals(r.getImage())
          && rayVersion.equals(r.getRayVersion())
          && Objects.equals(request.referenceLink(), r.getReferenceLink())
          && request.sparkConnect() == r.isSparkConnect()
          && request.sparkAutoInit() == r.isSparkAutoInit()
          && Objects.equals(request.imagePullSecret(), r.getImagePullSecret())
          && new HashSet<>(components).equals(new HashSet<>(r.getComponents()));
    }
  }

  static RuntimeV2Details details(RuntimeEntity r) {
    return new RuntimeV2Details(
        r.getId(),
        r.getRuntime(),
        RuntimeClass.valueOf(r.getRuntimeClass()),
        r.getRuntimeType() == null ? null : RuntimeType.fromWire(r.getRuntimeType()),
        r.getImage(),
        servedLink(r.getReferenceLink()),
        r.getComponents().stream()
            .map(c -> new RuntimeComponent(ComponentName.valueOf(c.name()), c.version()))
            .toList(),
        r.getCreatedBy(),
        r.getCreatedAt(),
        r.getLastUpdatedBy(),
        r.getLastUpdatedAt(),
        r.isDeleted(),
        r.isSparkConnect(),
        r.isSparkAutoInit(),
        r.getRayVersion(),
        r.getImagePullSecret());
  }
}
