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
    assertThat(UrlCredentials.masked("HTTPS://t:x@host/simple"))
        .isEqualTo("HTTPS://****@host/simple");
  }

  @Test
  void aUrlCarriesCredentialsOnlyWithUserInformationBeforeItsHost() {
    assertThat(UrlCredentials.present("https://__token__:abc@pypi.example.com/simple")).isTrue();
    assertThat(UrlCredentials.present("HTTP://user@host/simple")).isTrue();
    assertThat(UrlCredentials.present("https://pypi.example.com/simple")).isFalse();
    assertThat(UrlCredentials.present("https://@pypi.example.com/simple")).isFalse();
    assertThat(UrlCredentials.present("https://pypi.example.com/simple/a@b")).isFalse();
    assertThat(UrlCredentials.present("s3://bucket/a@b.whl")).isFalse();
    assertThat(UrlCredentials.present(null)).isFalse();
  }

  @Test
  void anInstallsOutputLosesTheUrlsCredentialsInEveryFormItMayPrint() {
    String url = "https://deploy:p%40ss%3Aw0rd@maven.example.com/releases";
    String log =
        "Could not transfer from library (https://deploy:p%40ss%3Aw0rd@maven.example.com/releases)"
            + "\nauth deploy:p@ss:w0rd failed\npassword p@ss:w0rd";
    assertThat(UrlCredentials.scrubbed(log, url))
        .doesNotContain("p%40ss", "p@ss", "w0rd")
        .contains("library (https://****@maven.example.com/releases)");
    assertThat(UrlCredentials.scrubbed("nothing secret", "https://host/simple"))
        .isEqualTo("nothing secret");
    assertThat(UrlCredentials.scrubbed(null, url)).isNull();
    assertThat(UrlCredentials.scrubbed("x", null)).isEqualTo("x");
  }
}
