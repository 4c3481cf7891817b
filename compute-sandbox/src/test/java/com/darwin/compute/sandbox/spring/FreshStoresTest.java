package com.darwin.compute.sandbox.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FreshStoresTest {

  @Test
  void onlyTheDatabaseOfTheUrlChanges() {
    assertThat(
            FreshStores.withDatabase(
                "jdbc:mysql://127.0.0.1:3306/darwin_compute?createDatabaseIfNotExist=true&sslMode=DISABLED",
                "other"))
        .isEqualTo(
            "jdbc:mysql://127.0.0.1:3306/other?createDatabaseIfNotExist=true&sslMode=DISABLED");
  }

  @Test
  void aUrlWithoutDatabaseOrCreationGetsBoth() {
    assertThat(FreshStores.withDatabase("jdbc:mysql://db.example:3306", "other"))
        .isEqualTo("jdbc:mysql://db.example:3306/other?createDatabaseIfNotExist=true");
    assertThat(FreshStores.withDatabase("jdbc:mariadb://db.example/compute?useSsl=true", "other"))
        .isEqualTo("jdbc:mariadb://db.example/other?useSsl=true&createDatabaseIfNotExist=true");
  }

  @Test
  void anotherKindOfUrlIsRefusedWithTheReason() {
    assertThatThrownBy(() -> FreshStores.withDatabase("jdbc:h2:mem:test", "other"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sandbox.fresh-stores");
  }

  @Test
  void eachStoresHaveTheirOwnNamesWithOneSuffix() {
    FreshStores one = FreshStores.beside("jdbc:mysql://127.0.0.1:3306/darwin_compute");
    FreshStores two = FreshStores.beside("jdbc:mysql://127.0.0.1:3306/darwin_compute");
    assertThat(one.databaseUrl()).isNotEqualTo(two.databaseUrl());
    String suffix = one.searchIndex().substring(FreshStores.INDEX_PREFIX.length());
    assertThat(suffix).matches("[a-z0-9]+");
    assertThat(one.databaseUrl())
        .isEqualTo(
            "jdbc:mysql://127.0.0.1:3306/darwin_compute_"
                + suffix
                + "?createDatabaseIfNotExist=true");
  }
}
