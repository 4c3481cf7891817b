package com.darwin.compute;

import com.darwin.compute.api.aot.StartupClasses;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Darwin Compute. Lives at the root package so the domain library ({@code com.darwin.compute.core})
 * is scanned with the web layer.
 */
@SpringBootApplication
public class ComputeApplication {

  public static void main(String[] args) {
    // The image's class data sharing training run only (StartupClasses.TRAINING_PROPERTY).
    StartupClasses.loadForTraining();
    SpringApplication.run(ComputeApplication.class, args);
  }
}
