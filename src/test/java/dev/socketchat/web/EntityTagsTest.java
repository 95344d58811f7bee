package dev.socketchat.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EntityTagsTest {
  private static final String ETAG = "\"4.8.4\"";

  @Test
  void anAbsentHeaderMatchesNothing() {
    assertThat(EntityTags.matches(null, ETAG)).isFalse();
  }

  @Test
  void theSameStrongTagMatches() {
    assertThat(EntityTags.matches("\"4.8.4\"", ETAG)).isTrue();
  }

  @Test
  void aWeakTagMatchesTheStrongOneByWeakComparison() {
    assertThat(EntityTags.matches("W/\"4.8.4\"", ETAG)).isTrue();
    assertThat(EntityTags.matches("\"4.8.4\"", "W/\"4.8.4\"")).isTrue();
  }

  @Test
  void anyTagOfAListMatches() {
    assertThat(EntityTags.matches("\"a\", \"b\",W/\"4.8.4\"", ETAG)).isTrue();
    assertThat(EntityTags.matches("\"a\" ,\t\"b\"", ETAG)).isFalse();
  }

  @Test
  void aStarMatchesAnyTag() {
    assertThat(EntityTags.matches(" * ", ETAG)).isTrue();
  }

  @Test
  void anotherTagOrAMalformedListMatchesNothing() {
    assertThat(EntityTags.matches("\"4.8.3\"", ETAG)).isFalse();
    assertThat(EntityTags.matches("4.8.4", ETAG)).isFalse();
    assertThat(EntityTags.matches("\"4.8.4", ETAG)).isFalse();
    assertThat(EntityTags.matches("w/\"4.8.4\"", ETAG)).isFalse();
    assertThat(EntityTags.matches("", ETAG)).isFalse();
  }
}
