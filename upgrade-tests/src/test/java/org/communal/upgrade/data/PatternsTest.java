package org.communal.upgrade.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Samples of check constraints' patterns match them; patterns it cannot read give none. */
class PatternsTest {
  @ParameterizedTest
  @ValueSource(strings = {"^[A-Z]+$", "^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$", "^https?://",
      "^[a-z]{2}-[0-9]{3}$", "^(open|closed|on hold)$", "^\\d{4}-\\d{2}$", "^[^@ ]+@[^@ ]+$",
      "^[[:upper:]][[:lower:]]*$", "^(?:ab)+c?$", "x\\.y"})
  void samplesMatchTheRegularExpression(String regex) {
    SplittableRandom r = new SplittableRandom(1);
    Pattern java = Pattern.compile(regex.replace("[[:upper:]]", "[A-Z]")
        .replace("[[:lower:]]", "[a-z]"));
    for (int i = 0; i < 50; i++) {
      String sample = Patterns.regex(regex, r, -1).orElseThrow();
      assertThat(java.matcher(sample).find()).as(sample).isTrue();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"^(a)\\1$", "^(?=a)a$", "^a\\qb$"})
  void givesNoSampleForWhatItCannotRead(String regex) {
    assertThat(Patterns.regex(regex, new SplittableRandom(1), -1)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"%@%.org", "ab_c%", "100\\%"})
  void samplesMatchTheLikePattern(String like) {
    Pattern java = Pattern.compile(like.replace(".", "\\.").replace("\\%", "PERCENT")
        .replace("%", ".*").replace("_", ".").replace("PERCENT", "%"));
    SplittableRandom r = new SplittableRandom(2);
    for (int i = 0; i < 50; i++) {
      String sample = Patterns.like(like, r);
      assertThat(java.matcher(sample).matches()).as(sample).isTrue();
    }
  }
}
