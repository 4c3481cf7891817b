package com.darwin.compute.core.json;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.BeanDescription;
import tools.jackson.databind.DeserializationConfig;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JacksonModule;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.deser.ValueDeserializerModifier;
import tools.jackson.databind.deser.std.DelegatingDeserializer;
import tools.jackson.databind.module.SimpleModule;

/**
 * An enum read through its {@code @JsonCreator} factory of one string (the statuses' case-
 * insensitive {@code fromWire}) calls it through a handle made once per enum.
 *
 * <p>Why: Jackson 3.1 calls the factory with {@code MethodHandle.invokeWithArguments}, which adapts
 * a spreading invoker on every call: 1-2% of a search's request-thread CPU under production's C1
 * (two statuses in each of twenty hits). Only a non-empty string goes this way, and only to a
 * factory that returns a value: anything else (another token, an empty string, a factory that
 * refuses or returns nothing) is read by Jackson's own deserializer, as before.
 */
public final class EnumFactories {

  /** The module's name, as {@code JsonMapper.registeredModules()} lists it. */
  public static final String MODULE_NAME = "darwin-enum-factories";

  private static final MethodType FROM_STRING = MethodType.methodType(Object.class, String.class);

  /**
   * Jackson's deserializer of an enum with a factory creator, by name: the class is not public.
   * Should it be renamed, enums stay Jackson's (EnumFactoriesTest then fails on the upgrade).
   */
  private static final String JACKSONS_FACTORY_DESERIALIZER =
      "tools.jackson.databind.deser.jdk.FactoryBasedEnumDeserializer";

  private EnumFactories() {}

  public static JacksonModule module() {
    return new SimpleModule(MODULE_NAME) {
      @Override
      public void setupModule(SetupContext context) {
        super.setupModule(context);
        context.addDeserializerModifier(new Direct());
      }
    };
  }

  private static final class Direct extends ValueDeserializerModifier {
    @Override
    public ValueDeserializer<?> modifyEnumDeserializer(
        DeserializationConfig config,
        JavaType type,
        BeanDescription.Supplier description,
        ValueDeserializer<?> deserializer) {
      if (!deserializer.getClass().getName().equals(JACKSONS_FACTORY_DESERIALIZER)) {
        return deserializer;
      }
      MethodHandle factory = stringFactory(type.getRawClass());
      return factory == null ? deserializer : new ThroughHandle(deserializer, factory);
    }

    /**
     * The enum's one {@code @JsonCreator} method, when it is a static method of one string that
     * takes the string as it is (not a properties creator); null otherwise.
     */
    private static MethodHandle stringFactory(Class<?> type) {
      Method found = null;
      for (Method method : type.getDeclaredMethods()) {
        JsonCreator creator = method.getAnnotation(JsonCreator.class);
        if (creator == null || creator.mode() == JsonCreator.Mode.DISABLED) {
          continue;
        }
        if (found != null
            || creator.mode() == JsonCreator.Mode.PROPERTIES
            || !Modifier.isStatic(method.getModifiers())
            || method.getParameterCount() != 1
            || method.getParameterTypes()[0] != String.class
            || !type.isAssignableFrom(method.getReturnType())) {
          return null;
        }
        found = method;
      }
      if (found == null) {
        return null;
      }
      try {
        if (!found.trySetAccessible()) {
          return null;
        }
        return MethodHandles.lookup().unreflect(found).asType(FROM_STRING);
      } catch (IllegalAccessException | RuntimeException e) {
        return null; // Jackson's own call stays.
      }
    }
  }

  private static final class ThroughHandle extends DelegatingDeserializer {
    private final MethodHandle factory;

    ThroughHandle(ValueDeserializer<?> jacksons, MethodHandle factory) {
      super(jacksons);
      this.factory = factory;
    }

    @Override
    protected ValueDeserializer<?> newDelegatingInstance(ValueDeserializer<?> jacksons) {
      return new ThroughHandle(jacksons, factory);
    }

    @Override
    public Object deserialize(JsonParser parser, DeserializationContext context) {
      if (parser.hasToken(JsonToken.VALUE_STRING)) {
        String text = parser.getString();
        if (!text.isEmpty()) {
          try {
            Object value = (Object) factory.invokeExact(text);
            if (value != null) {
              return value;
            }
          } catch (Error e) {
            throw e;
          } catch (Throwable refused) {
            // Read again by Jackson below, which reports or maps the refusal as it always has.
          }
        }
      }
      return _delegatee.deserialize(parser, context);
    }
  }
}
