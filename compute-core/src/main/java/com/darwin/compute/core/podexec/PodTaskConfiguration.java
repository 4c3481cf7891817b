package com.darwin.compute.core.podexec;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PodTaskProperties.class)
class PodTaskConfiguration {}
