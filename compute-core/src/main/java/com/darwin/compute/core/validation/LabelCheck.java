package com.darwin.compute.core.validation;

import com.darwin.compute.core.config.ClusterLimitsProperties;
import com.darwin.compute.model.cluster.ClusterRequest;
import com.darwin.compute.model.common.FieldError;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Labels and tags: how many, and label keys and values in Kubernetes' label syntax. */
final class LabelCheck {

  private static final Pattern LABEL = Pattern.compile(ClusterRequest.NAME_PATTERN);

  private final ClusterLimitsProperties limits;

  LabelCheck(ClusterLimitsProperties limits) {
    this.limits = limits;
  }

  void check(ClusterRequest request, List<FieldError> errors) {
    if (request.labels().size() > limits.maxLabels()) {
      errors.add(new FieldError("labels", "at most " + limits.maxLabels() + " labels"));
    }
    if (request.tags().size() > limits.maxTags()) {
      errors.add(new FieldError("tags", "at most " + limits.maxTags() + " tags"));
    }
    for (Map.Entry<String, String> label : request.labels().entrySet()) {
      String key = label.getKey();
      String value = label.getValue() == null ? "" : label.getValue();
      String path = "labels." + key;
      if (key.length() > limits.maxLabelLength() || !LABEL.matcher(key).matches()) {
        errors.add(
            new FieldError(
                path,
                "key must be at most "
                    + limits.maxLabelLength()
                    + " characters of [-_.A-Za-z0-9], starting and ending alphanumeric"));
      }
      if (value.length() > limits.maxLabelLength()
          || (!value.isEmpty() && !LABEL.matcher(value).matches())) {
        errors.add(
            new FieldError(
                path,
                "value must be at most "
                    + limits.maxLabelLength()
                    + " characters of [-_.A-Za-z0-9], starting and ending alphanumeric"));
      }
    }
  }
}
