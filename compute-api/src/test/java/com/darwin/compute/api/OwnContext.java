package com.darwin.compute.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

/**
 * A test class that needs an application context of its own (its own timeouts, sweep interval or
 * beans) but not a sandbox of its own: the context runs on an empty database and search index of
 * its own on the JVM's shared MariaDB and Elasticsearch, and is closed after the class.
 *
 * <p>Other cached contexts are paused meanwhile (their scheduled jobs and watches stopped; Spring
 * Framework 7 pauses the contexts not in use), and none of them sees this class's rows, nor this
 * one theirs: a sweep or a resync here counts only the clusters the class made. Saves the 30 s or
 * so of a JVM and sandbox of its own. Classes that stop the shared database for good, start
 * applications of their own, or time the simulated operator to the second (TimeoutsIsolatedIT: a 4
 * s creation timeout, which a long suite's busy operator can miss) stay {@code *IsolatedIT}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@TestPropertySource(properties = "sandbox.fresh-stores=true")
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
public @interface OwnContext {}
