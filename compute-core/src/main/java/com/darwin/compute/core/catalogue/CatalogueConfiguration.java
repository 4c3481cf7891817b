package com.darwin.compute.core.catalogue;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/** Binds {@code compute.catalogue.*}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CatalogueProperties.class)
public class CatalogueConfiguration {}
