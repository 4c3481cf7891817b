package com.darwin.compute.model.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class RuntimeV2RequestPatternsTest {

  private static final Pattern IMAGE = Pattern.compile(RuntimeV2Request.IMAGE);
  private static final Pattern SECRET_NAME = Pattern.compile(RuntimeV2Request.SECRET_NAME);

  /** The patterns as they were before their repeated groups were made possessive. */
  private static final Pattern GREEDY_IMAGE =
      Pattern.compile(
          "[a-z0-9]+(?:[._-][a-z0-9]+)*(?::[0-9]{1,5})?(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*"
              + "(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(?:@sha256:[a-f0-9]{64})?");

  private static final Pattern GREEDY_SECRET_NAME =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

  @Test
  void imageReferencesAreAcceptedAndRefusedAsBefore() {
    List<String> accepted =
        List.of(
            "ray",
            "rayproject/ray:2.37.0",
            "localhost:5000/ray:2.37.0-darwin-sdk",
            "registry.example.com/team/my_image__x/a-b--c:2.37.0",
            "registry.example.com:443/ray@sha256:" + "a".repeat(64),
            "a.b-c_d/e.f:V1_x.y-z");
    List<String> refused =
        List.of(
            "", "Ray", "ray:", "ray.", "a..b", "a/_b", "a/b___c", "a:123456/b", "ray:-x", "a/b/");
    accepted.forEach(image -> assertThat(IMAGE.matcher(image).matches()).as(image).isTrue());
    refused.forEach(image -> assertThat(IMAGE.matcher(image).matches()).as(image).isFalse());
    assertThat(SECRET_NAME.matcher("team-registry.v2").matches()).isTrue();
    assertThat(SECRET_NAME.matcher("team-.registry").matches()).isFalse();
  }

  @Test
  void thePossessivePatternsMatchExactlyWhatTheGreedyOnesMatched() {
    Random random = new Random(21);
    String imageAlphabet = "a1._-/:@5A";
    String secretAlphabet = "a1.-";
    int imagesAccepted = 0;
    int secretsAccepted = 0;
    for (int i = 0; i < 200_000; i++) {
      String image = randomString(random, imageAlphabet, 14);
      assertThat(IMAGE.matcher(image).matches())
          .as(image)
          .isEqualTo(GREEDY_IMAGE.matcher(image).matches());
      imagesAccepted += IMAGE.matcher(image).matches() ? 1 : 0;
      String secret = randomString(random, secretAlphabet, 10);
      secretsAccepted += SECRET_NAME.matcher(secret).matches() ? 1 : 0;
      assertThat(SECRET_NAME.matcher(secret).matches())
          .as(secret)
          .isEqualTo(GREEDY_SECRET_NAME.matcher(secret).matches());
    }
    // Both sides of each pattern were drawn often enough to compare.
    assertThat(imagesAccepted).isBetween(2_000, 198_000);
    assertThat(secretsAccepted).isBetween(2_000, 198_000);
  }

  @Test
  void aLongNameOfManyPartsIsJudgedWithoutDeepRecursion() throws InterruptedException {
    String parts = "a.".repeat(100_000) + "a";
    AtomicReference<Object> outcome = new AtomicReference<>();
    // The image's own thread stack (-Xss512k in the Dockerfile).
    Thread judge =
        new Thread(
            null,
            () -> {
              try {
                outcome.set(
                    List.of(
                        IMAGE.matcher(parts).matches(),
                        IMAGE.matcher("registry.example.com/" + parts.replace('.', '_')).matches(),
                        IMAGE.matcher(parts.replace('.', '/')).matches(),
                        IMAGE.matcher("r/" + "a__a--".repeat(50_000) + "a").matches(),
                        SECRET_NAME.matcher(parts).matches()));
              } catch (StackOverflowError e) {
                outcome.set(e);
              }
            },
            "judge",
            512 * 1024);
    judge.start();
    judge.join();
    assertThat(outcome.get()).isEqualTo(List.of(true, true, true, true, true));
  }

  private static String randomString(Random random, String alphabet, int maxLength) {
    int length = random.nextInt(maxLength + 1);
    StringBuilder s = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      s.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return s.toString();
  }
}
