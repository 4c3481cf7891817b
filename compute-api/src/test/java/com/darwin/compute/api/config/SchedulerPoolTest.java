package com.darwin.compute.api.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.YamlPropertiesFactoryBean;
import org.springframework.core.io.ClassPathResource;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * The scheduler has a thread for every scheduled job, so a job waiting on a hung dependency never
 * holds up another (each runs one at a time: a fixed delay, or a fixed rate that waits for its
 * run).
 */
class SchedulerPoolTest {

  @Test
  void everyScheduledJobHasAThreadOfItsOwn() {
    List<String> jobs =
        new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("com.darwin.compute")
                .stream()
                .flatMap(c -> c.getMethods().stream())
                .filter(m -> m.isAnnotatedWith(Scheduled.class))
                .map(JavaMethod::getFullName)
                .toList();
    YamlPropertiesFactoryBean yaml = new YamlPropertiesFactoryBean();
    yaml.setResources(new ClassPathResource("application.yml"));
    Properties properties = yaml.getObject();

    int pool = Integer.parseInt(properties.getProperty("spring.task.scheduling.pool.size"));

    assertThat(jobs).hasSizeGreaterThan(10);
    // And one for the pod tasks' follow-up, which PodTaskFollowUps schedules one at a time.
    assertThat(pool)
        .as("spring.task.scheduling.pool.size for %s and a pod-task follow-up", jobs)
        .isGreaterThanOrEqualTo(jobs.size() + 1);
  }
}
