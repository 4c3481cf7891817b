package com.darwin.compute.core.search;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The fields of a cluster's search document: the one place their index paths are spelled. The
 * document record's JSON names, the index mapping resource, the query builder's filter and sort
 * allow-lists, the hit source filter and the facets all come from (or are tested against) this
 * list, so a field cannot be renamed or added in one of them only.
 */
public enum ClusterDocumentField {
  // path, mapping type, filter name clients use (null: not filterable), sortable, shown in a hit
  CLUSTER_ID("cluster_id", MappingType.KEYWORD, "cluster_id", false, true),
  NAME("name", MappingType.KEYWORD, "name", true, true),
  /**
   * Every suffix of the lowercased name, so that "the name contains X" is a prefix query for X on
   * them. A leading-wildcard query on {@link #NAME} cost Elasticsearch about 1.5 times the CPU per
   * text search over 100,000 clusters, even when the request cache answered it. Written by the
   * indexer, neither kept in {@code _source} nor filtered or sorted by clients.
   */
  NAME_SUFFIXES("name_suffixes", MappingType.KEYWORD, null, false, false),
  TAGS("tags", MappingType.KEYWORD, "tags", false, true),
  /**
   * The labels as one flattened field: each key is a keyword sub-field ({@code labels.<key>}) of a
   * single mapping field. As an object, one mapping field per key, {@code team} beside {@code
   * team.name} (or a key {@code a..b}) could not be indexed, and every new key grew the mapping
   * towards its thousand-field limit, past which no cluster with a new key was.
   */
  LABELS("labels", MappingType.FLATTENED, null, false, true),
  /** Every label value, whatever its key: what the {@code labels} filter matches. */
  LABELS_FLAT("labels_flat", MappingType.KEYWORD, "labels", false, false),
  USER("user", MappingType.KEYWORD, "user", true, true),
  /** The backend status; sorting by {@code status} orders by it. */
  STATUS("status", MappingType.KEYWORD, null, true, false),
  /** The UI status: users filter on these three values, under the name {@code status}. */
  UI_STATUS("ui_status", MappingType.KEYWORD, "status", false, true),
  RUNTIME("runtime", MappingType.KEYWORD, "runtime", true, true),
  CLOUD_ENV("cloud_env", MappingType.KEYWORD, "cloud_env", true, true),
  IS_JOB_CLUSTER("is_job_cluster", MappingType.BOOLEAN, "is_job_cluster", false, false),
  INACTIVE_TIME("inactive_time", MappingType.INTEGER, null, false, false),
  ACTIVE_PODS("active_pods", MappingType.INTEGER, null, false, true),
  TOTAL_CORES("total_cores", MappingType.INTEGER, null, false, true),
  TOTAL_MEMORY("total_memory", MappingType.INTEGER, null, false, true),
  ESTIMATED_COST("estimated_cost", MappingType.KEYWORD, null, false, true),
  ACTIVE_RUN_ID("active_run_id", MappingType.KEYWORD, null, false, false),
  CREATED_ON("created_on", MappingType.DATE, null, true, true),
  LAST_USED_ON("last_used_on", MappingType.DATE, null, true, true),
  LAST_UPDATED_ON("last_updated_on", MappingType.DATE, null, true, false),
  /** Sent with the document but neither indexed nor kept in {@code _source} (issue 21). */
  SPEC("spec", MappingType.OBJECT, null, false, false);

  /** The Elasticsearch field types the mapping gives these fields. */
  public enum MappingType {
    KEYWORD("keyword"),
    BOOLEAN("boolean"),
    INTEGER("integer"),
    DATE("date"),
    FLATTENED("flattened"),
    OBJECT("object");

    private final String wireName;

    MappingType(String wireName) {
      this.wireName = wireName;
    }

    /** The type's name in a mapping's {@code "type"}. */
    public String wireName() {
      return wireName;
    }
  }

  private static final List<String> HIT_PATHS =
      Arrays.stream(values()).filter(f -> f.inHits).map(ClusterDocumentField::path).toList();

  private final String path;
  private final MappingType type;
  private final String filterName;
  private final boolean sortable;
  private final boolean inHits;

  ClusterDocumentField(
      String path, MappingType type, String filterName, boolean sortable, boolean inHits) {
    this.path = path;
    this.type = type;
    this.filterName = filterName;
    this.sortable = sortable;
    this.inHits = inHits;
  }

  /** The field's name in the document and its path in the index. */
  public String path() {
    return path;
  }

  public MappingType type() {
    return type;
  }

  /** The name clients filter this field by, when they can. */
  public Optional<String> filterName() {
    return Optional.ofNullable(filterName);
  }

  /** Whether clients can sort by it, under its own path. */
  public boolean sortable() {
    return sortable;
  }

  /** Whether a search hit carries it (both search endpoints' rows are built from these). */
  public boolean inHits() {
    return inHits;
  }

  /** The index path of one label key; only meaningful on {@link #LABELS}. */
  public String subPath(String key) {
    return path + "." + key;
  }

  /** The field a client filter name targets, if any. */
  public static Optional<ClusterDocumentField> byFilterName(String name) {
    return Arrays.stream(values()).filter(f -> name.equals(f.filterName)).findFirst();
  }

  /** The field a client sort key targets, if any. */
  public static Optional<ClusterDocumentField> bySortKey(String key) {
    return Arrays.stream(values()).filter(f -> f.sortable && f.path.equals(key)).findFirst();
  }

  public static SortedSet<String> filterNames() {
    TreeSet<String> names = new TreeSet<>();
    for (ClusterDocumentField f : values()) {
      f.filterName().ifPresent(names::add);
    }
    return names;
  }

  public static SortedSet<String> sortKeys() {
    TreeSet<String> keys = new TreeSet<>();
    for (ClusterDocumentField f : values()) {
      if (f.sortable) {
        keys.add(f.path);
      }
    }
    return keys;
  }

  /** The paths a hit's {@code _source} is filtered to, in declaration order. */
  public static List<String> hitPaths() {
    return HIT_PATHS;
  }
}
