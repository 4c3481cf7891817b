package com.darwin.compute.core.cluster;

import java.security.SecureRandom;
import org.springframework.stereotype.Component;

/**
 * Cluster and run ids in the Python service's form: a prefix and 16 characters from an alphabet
 * without look-alikes ({@code 0/o}, {@code 1/l}), lower case so they are valid DNS labels.
 */
@Component
public class ClusterIds {

  private static final String ALPHABET = "23456789abcdefghijkmnopqrstuvwxyz";
  private final SecureRandom random = new SecureRandom();

  public String newClusterId() {
    return "id-" + randomPart();
  }

  public String newRunId() {
    return "run_id-" + randomPart();
  }

  private String randomPart() {
    StringBuilder sb = new StringBuilder(16);
    for (int i = 0; i < 16; i++) {
      sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    return sb.toString();
  }
}
