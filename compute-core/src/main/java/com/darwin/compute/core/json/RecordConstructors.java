package com.darwin.compute.core.json;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import tools.jackson.databind.BeanDescription;
import tools.jackson.databind.DeserializationConfig;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JacksonModule;
import tools.jackson.databind.deser.ValueInstantiator;
import tools.jackson.databind.deser.ValueInstantiators;
import tools.jackson.databind.deser.std.StdValueInstantiator;
import tools.jackson.databind.introspect.AnnotatedConstructor;
import tools.jackson.databind.module.SimpleModule;

/**
 * Records read by Jackson are made through a constructor handle that takes the argument array, made
 * once per record type.
 *
 * <p>Why: Jackson 3.1 calls a record's constructor with {@code MethodHandle.invokeWithArguments},
 * which looks up and adapts a spreading invoker on every call. Under production's C1 that was 3.4%
 * of a search's request-thread CPU (the request body, and twenty hits bound from Elasticsearch's
 * answer); enums read through a factory method (the statuses) took the same path, another 1-2%
 * ({@link EnumFactories}). A constructor that throws is called again through Jackson's own path, so
 * a refused value is reported exactly as Jackson reports it (a record's constructor has no side
 * effects to repeat).
 */
public final class RecordConstructors {

  /** The module's name, as {@code JsonMapper.registeredModules()} lists it. */
  public static final String MODULE_NAME = "darwin-record-constructors";

  private static final MethodType SPREAD = MethodType.methodType(Object.class, Object[].class);

  private RecordConstructors() {}

  public static JacksonModule module() {
    return new SimpleModule(MODULE_NAME) {
      @Override
      public void setupModule(SetupContext context) {
        super.setupModule(context);
        context.addValueInstantiators(new SpreadingInstantiators());
      }
    };
  }

  /** Replaces Jackson's own instantiator of a record whose canonical constructor it calls. */
  private static final class SpreadingInstantiators extends ValueInstantiators.Base {
    @Override
    public ValueInstantiator modifyValueInstantiator(
        DeserializationConfig config,
        BeanDescription.Supplier description,
        ValueInstantiator instantiator) {
      if (instantiator.getClass() != StdValueInstantiator.class
          || !instantiator.getValueClass().isRecord()
          || !instantiator.canCreateFromObjectWith()
          || !(instantiator.getWithArgsCreator() instanceof AnnotatedConstructor creator)) {
        return instantiator;
      }
      MethodHandle spread = spreading(creator.getAnnotated());
      return spread == null
          ? instantiator
          : new Spreading((StdValueInstantiator) instantiator, spread);
    }

    /** {@code (Object[]) -> Object} over {@code constructor}; null when it cannot be reached. */
    private static MethodHandle spreading(Constructor<?> constructor) {
      try {
        if (!constructor.canAccess(null) && !constructor.trySetAccessible()) {
          return null;
        }
        return MethodHandles.lookup()
            .unreflectConstructor(constructor)
            .asSpreader(Object[].class, constructor.getParameterCount())
            .asType(SPREAD);
      } catch (IllegalAccessException | RuntimeException e) {
        return null; // Jackson's own call stays.
      }
    }
  }

  private static final class Spreading extends StdValueInstantiator {
    private final MethodHandle spread;

    Spreading(StdValueInstantiator base, MethodHandle spread) {
      super(base);
      this.spread = spread;
    }

    @Override
    public Object createFromObjectWith(DeserializationContext context, Object[] arguments) {
      try {
        return (Object) spread.invokeExact(arguments);
      } catch (Error e) {
        throw e;
      } catch (Throwable refused) {
        // Called again through Jackson, which wraps the refusal as it always has.
        return super.createFromObjectWith(context, arguments);
      }
    }
  }
}
