package com.darwin.compute.model.history;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * Where a history server reads Spark event logs: an S3 prefix ({@code s3}) or the shared
 * filesystem, i.e. a workspace volume ({@code efs}, the Python service's name for it).
 */
public enum HistoryFilesystem {
  S3,
  EFS;

  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  @JsonCreator
  public static HistoryFilesystem fromWire(String value) {
    return valueOf(value.trim().toUpperCase(Locale.ROOT));
  }
}
