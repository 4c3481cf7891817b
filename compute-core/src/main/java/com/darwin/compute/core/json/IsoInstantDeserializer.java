package com.darwin.compute.core.json;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ext.javatime.deser.InstantDeserializer;

/**
 * Jackson's instant deserializer, with the service's own shape of text (UTC, {@code Z}) read by
 * {@link IsoInstantText}. Any other text, numbers, and a property with a format of its own go
 * through Jackson's code, unchanged (a format annotation makes Jackson's own instance).
 */
final class IsoInstantDeserializer extends InstantDeserializer<Instant> {

  static final IsoInstantDeserializer INSTANCE = new IsoInstantDeserializer();

  private IsoInstantDeserializer() {
    super(InstantDeserializer.INSTANT, DateTimeFormatter.ISO_INSTANT);
  }

  @Override
  protected Instant _fromString(JsonParser parser, DeserializationContext context, String text) {
    if (_formatter == DateTimeFormatter.ISO_INSTANT) {
      Instant utc = IsoInstantText.parseUtc(text);
      if (utc != null) {
        return utc;
      }
    }
    return super._fromString(parser, context, text);
  }
}
