package com.darwin.compute.core.catalogue;

import com.darwin.compute.core.config.ClusterLimitsProperties;
import com.darwin.compute.core.domain.InvalidRequestException;
import com.darwin.compute.core.limits.TextRules;
import com.darwin.compute.core.search.ClusterFacets;
import com.darwin.compute.model.catalogue.LabelSearchResult;
import com.darwin.compute.model.catalogue.LabelValues;
import com.darwin.compute.model.cluster.ClusterRequest;
import com.darwin.compute.model.common.FieldError;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.springframework.stereotype.Service;

/** The label filters of the cluster list: label values by text, and the values of given keys. */
@Service
public class LabelCatalogue {

  /** Browsing every value (empty query) is bounded tighter than a search, as in Python. */
  static final int MAX_BROWSE_PAGE_SIZE = 50;

  static final int MAX_BROWSE_OFFSET = 1000;
  static final int MAX_SEARCH_PAGE_SIZE = 1000;
  static final int MAX_QUERY_LENGTH = 256;

  private static final Pattern LABEL_KEY = Pattern.compile(ClusterRequest.NAME_PATTERN);

  private final ClusterFacets facets;
  private final ClusterLimitsProperties limits;

  public LabelCatalogue(ClusterFacets facets, ClusterLimitsProperties limits) {
    this.facets = facets;
    this.limits = limits;
  }

  /**
   * Label values (under any key) containing {@code query}, case-insensitively, sorted; one page.
   */
  public LabelSearchResult search(String query, int pageSize, int offset) {
    String text = query.strip();
    List<FieldError> errors = new ArrayList<>();
    if (text.length() > MAX_QUERY_LENGTH) {
      errors.add(new FieldError("query", "must be at most " + MAX_QUERY_LENGTH + " characters"));
    }
    TextRules.check("query", text, false, errors);
    if (pageSize <= 0) {
      errors.add(new FieldError("page_size", "must be positive"));
    }
    if (offset < 0) {
      errors.add(new FieldError("offset", "cannot be negative"));
    }
    if (text.isEmpty()) {
      if (pageSize > MAX_BROWSE_PAGE_SIZE) {
        errors.add(
            new FieldError(
                "page_size",
                "cannot exceed " + MAX_BROWSE_PAGE_SIZE + " when browsing all labels"));
      }
      if (offset > MAX_BROWSE_OFFSET) {
        errors.add(
            new FieldError(
                "offset", "cannot exceed " + MAX_BROWSE_OFFSET + " when browsing all labels"));
      }
    } else if (pageSize > MAX_SEARCH_PAGE_SIZE) {
      errors.add(new FieldError("page_size", "cannot exceed " + MAX_SEARCH_PAGE_SIZE));
    }
    if (!errors.isEmpty()) {
      throw new InvalidRequestException(errors);
    }
    String needle = text.toLowerCase(Locale.ROOT);
    List<String> matches =
        facets.labelValues().stream()
            .filter(v -> v.toLowerCase(Locale.ROOT).contains(needle))
            .toList();
    long total = matches.size();
    List<String> page =
        offset >= total
            ? List.of()
            : matches.subList(offset, (int) Math.min(total, (long) offset + pageSize));
    long totalPages = total == 0 ? 0 : (total + pageSize - 1) / pageSize;
    return new LabelSearchResult(
        text,
        page,
        new LabelSearchResult.Pagination(
            total,
            pageSize,
            offset / pageSize + 1,
            totalPages,
            (long) offset + pageSize < total,
            offset > 0));
  }

  /** The distinct values of each key. Keys follow the label rules of a cluster request. */
  public LabelValues valuesOf(List<String> keys) {
    List<FieldError> errors = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      String key = keys.get(i);
      if (key.length() > limits.maxLabelLength() || !LABEL_KEY.matcher(key).matches()) {
        errors.add(
            new FieldError(
                "keys[" + i + "]",
                "must be a label key: at most "
                    + limits.maxLabelLength()
                    + " characters of [-_.A-Za-z0-9], starting and ending with a letter or digit"));
      }
    }
    if (!errors.isEmpty()) {
      throw new InvalidRequestException(errors);
    }
    List<String> distinctKeys = keys.stream().distinct().toList();
    return new LabelValues(keys, facets.valuesOfLabels(distinctKeys));
  }
}
