package com.darwin.compute.core.search;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NameSuffixesTest {

  @Test
  void everySuffixOfTheLowercasedNameLongestFirst() {
    assertThat(NameSuffixes.of("My-ETL_2"))
        .containsExactly("my-etl_2", "y-etl_2", "-etl_2", "etl_2", "tl_2", "l_2", "_2", "2");
  }

  @Test
  void aTextIsInTheNameExactlyWhenASuffixStartsWithIt() {
    String name = "Nightly-Train-07";
    for (String text : new String[] {"train", "TRAIN", "nightly", "-07", "y-t", "n-0", "7"}) {
      boolean contained = name.toLowerCase().contains(text.toLowerCase());
      boolean found =
          NameSuffixes.of(name).stream().anyMatch(s -> s.startsWith(text.toLowerCase()));
      assertThat(found).as(text).isEqualTo(contained);
    }
  }

  @Test
  void aCharacterOutsideTheBasicPlaneIsNeverSplit() {
    String name = "a\uD83D\uDE80b"; // a, U+1F680, b

    assertThat(NameSuffixes.of(name)).containsExactly(name, "\uD83D\uDE80b", "b");
  }

  @Test
  void noNameHasNoSuffixes() {
    assertThat(NameSuffixes.of(null)).isEmpty();
    assertThat(NameSuffixes.of("")).isEmpty();
  }
}
