package com.darwin.compute.core.maven;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(MavenProperties.class)
class MavenConfiguration {}
