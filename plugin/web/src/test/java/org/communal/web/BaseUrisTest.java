package org.communal.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

class BaseUrisTest {
  @Test
  void theSameTextGivesTheSameParsedUri() {
    URI first = BaseUris.of("http://review.example:8080/communal/");

    assertThat(BaseUris.of("http://review.example:8080/communal/")).isSameAs(first)
        .isEqualTo(URI.create("http://review.example:8080/communal/"));
  }

  @Test
  void manyDifferentHostsNeverGrowTheCacheBeyondItsBound() {
    for (int i = 0; i < 10 * BaseUris.MAX; i++) {
      assertThat(BaseUris.of("http://host" + i + ".example/").getHost())
          .isEqualTo("host" + i + ".example");
      assertThat(BaseUris.size()).isLessThanOrEqualTo(BaseUris.MAX);
    }
  }

  @Test
  void aBadUriFailsAsUriCreateDoes() {
    assertThatThrownBy(() -> BaseUris.of("http://bad host/"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
