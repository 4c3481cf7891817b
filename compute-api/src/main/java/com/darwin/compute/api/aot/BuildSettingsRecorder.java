package com.darwin.compute.api.aot;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotContribution;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.env.Environment;

/**
 * Writes, during the build's AOT processing, the values {@link BuildFixedSettings} had there into
 * the jar, for {@link BuildFixedSettingsCheck} to compare with at every start from the generated
 * context. Registered in {@code META-INF/spring/aot.factories}; never runs in the service.
 */
class BuildSettingsRecorder implements BeanFactoryInitializationAotProcessor {

  @Override
  public BeanFactoryInitializationAotContribution processAheadOfTime(
      ConfigurableListableBeanFactory beanFactory) {
    String record =
        asProperties(BuildFixedSettings.valuesIn(beanFactory.getBean(Environment.class)));
    return (generationContext, code) ->
        generationContext.getGeneratedFiles().addResourceFile(BuildFixedSettings.RESOURCE, record);
  }

  static String asProperties(Map<String, String> values) {
    Properties properties = new Properties();
    properties.putAll(values);
    StringWriter out = new StringWriter();
    try {
      properties.store(out, "Settings fixed by Spring AOT when this jar was built");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }
}
