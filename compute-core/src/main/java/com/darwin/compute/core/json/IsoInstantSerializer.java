package com.darwin.compute.core.json;

import com.fasterxml.jackson.annotation.JsonFormat;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ext.javatime.ser.InstantSerializer;

/**
 * Jackson's instant serializer, with its default text ({@link Instant#toString()}) written by
 * {@link IsoInstantText}. A property with its own format (a pattern, a time zone), timestamps and
 * every other option are Jackson's own code, unchanged.
 */
final class IsoInstantSerializer extends InstantSerializer {

  static final IsoInstantSerializer INSTANCE = new IsoInstantSerializer();

  private IsoInstantSerializer() {}

  private IsoInstantSerializer(
      IsoInstantSerializer base,
      DateTimeFormatter formatter,
      Boolean useTimestamp,
      Boolean useNanoseconds,
      JsonFormat.Shape shape) {
    super(base, formatter, useTimestamp, useNanoseconds, shape);
  }

  @Override
  protected String formatValue(Instant value, SerializationContext context) {
    // No formatter of its own: Jackson writes Instant.toString(), which this is.
    return _formatter == null ? IsoInstantText.format(value) : super.formatValue(value, context);
  }

  @Override
  protected IsoInstantSerializer withFormat(
      DateTimeFormatter formatter, Boolean useTimestamp, JsonFormat.Shape shape) {
    return new IsoInstantSerializer(this, formatter, useTimestamp, _useNanoseconds, shape);
  }

  @Override
  protected IsoInstantSerializer withFeatures(Boolean writeZoneId, Boolean useNanoseconds) {
    return new IsoInstantSerializer(this, _formatter, _useTimestamp, useNanoseconds, _shape);
  }
}
