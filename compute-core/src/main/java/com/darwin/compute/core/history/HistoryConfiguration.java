package com.darwin.compute.core.history;

import com.darwin.compute.core.config.WorkspaceProperties;
import com.darwin.compute.core.render.history.HistoryServerSettings;
import com.darwin.compute.core.render.history.SparkHistoryServerRenderer;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Binds {@code compute.history} and builds the (pure) renderer from it. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(HistoryProperties.class)
public class HistoryConfiguration {

  @Bean
  SparkHistoryServerRenderer sparkHistoryServerRenderer(
      HistoryProperties properties, WorkspaceProperties workspace) {
    return new SparkHistoryServerRenderer(
        new HistoryServerSettings(
            properties.image(),
            properties.imagePullPolicy(),
            properties.command(),
            properties.serviceAccount(),
            properties.port(),
            properties.cpuRequest(),
            properties.cpuLimit(),
            properties.memoryRequest(),
            properties.memoryLimit(),
            properties.s3CredentialsProvider(),
            workspace.mountPath()));
  }
}
