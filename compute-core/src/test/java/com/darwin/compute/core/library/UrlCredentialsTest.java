package com.darwin.compute.core.library;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UrlCredentialsTest {

  @Test
  void userInformationIsMaskedAndNothingElse() {
    assertThat(UrlCredentials.masked("https://__token__:abc@pypi.example.com/simple"))
        .isEqualTo("https://****@pypi.example.com/simple");
    assertThat(UrlCredentials.masked("http://user@host:8080/x?q=a@b"))
        .isEqualTo("http://****@host:8080/x?q=a@b");
    assertThat(UrlCredentials.masked("https://pypi.example.com/simple?who=a@b"))
        .isEqualTo("https://pypi.example.com/simple?who=a@b");
    assertThat(UrlCredentials.masked("s3://bucket/a@b.whl")).isEqualTo("s3://bucket/a@b.whl");
    assertThat(UrlCredentials.masked("maven")).isEqualTo("maven");
    assertThat(UrlCredentials.masked(null)).isNull();
  }
}
