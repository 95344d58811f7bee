package dev.socketchat.web;

import static dev.socketchat.web.AcceptEncoding.Choice.GZIP;
import static dev.socketchat.web.AcceptEncoding.Choice.IDENTITY;
import static dev.socketchat.web.AcceptEncoding.Choice.NONE;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AcceptEncodingTest {
  @Test
  void noHeaderOrAnEmptyOneGetsTheFileAsIs() {
    assertThat(AcceptEncoding.choose(null)).isEqualTo(IDENTITY);
    assertThat(AcceptEncoding.choose("")).isEqualTo(IDENTITY);
  }

  @Test
  void gzipIsSentWhenAccepted() {
    assertThat(AcceptEncoding.choose("gzip, deflate, br")).isEqualTo(GZIP);
    assertThat(AcceptEncoding.choose("GZIP;Q=0.5")).isEqualTo(GZIP);
    assertThat(AcceptEncoding.choose("x-gzip")).isEqualTo(GZIP);
    assertThat(AcceptEncoding.choose("*")).isEqualTo(GZIP);
  }

  @Test
  void aZeroQualityRefusesGzip() {
    assertThat(AcceptEncoding.choose("gzip;q=0")).isEqualTo(IDENTITY);
    assertThat(AcceptEncoding.choose("gzip ; q=0.000, deflate")).isEqualTo(IDENTITY);
    assertThat(AcceptEncoding.choose("*;q=0, identity")).isEqualTo(IDENTITY);
    assertThat(AcceptEncoding.choose("br, *;q=0")).isEqualTo(NONE);
  }

  @Test
  void identityIsPreferredWhenRankedAboveGzip() {
    assertThat(AcceptEncoding.choose("gzip;q=0.5, identity")).isEqualTo(IDENTITY);
    assertThat(AcceptEncoding.choose("gzip, identity;q=0.5")).isEqualTo(GZIP);
  }

  @Test
  void refusingIdentityLeavesGzipOrNothing() {
    assertThat(AcceptEncoding.choose("gzip, identity;q=0")).isEqualTo(GZIP);
    assertThat(AcceptEncoding.choose("identity;q=0")).isEqualTo(NONE);
    assertThat(AcceptEncoding.choose("gzip;q=0, identity;q=0")).isEqualTo(NONE);
  }

  @Test
  void aMalformedQualityAcceptsNothingForItsEntry() {
    assertThat(AcceptEncoding.choose("gzip;q=high")).isEqualTo(IDENTITY);
    assertThat(AcceptEncoding.choose("gzip;q=2")).isEqualTo(IDENTITY);
  }
}
