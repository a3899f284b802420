package org.communal.web.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class JsonTest {
  @Test
  void instantsAreWrittenExactlyAsInstantWritesThemAtTheEdges() {
    for (Instant t : List.of(Instant.EPOCH, Instant.ofEpochSecond(-1),
        Instant.ofEpochSecond(0, 1), Instant.ofEpochSecond(0, 1_000),
        Instant.ofEpochSecond(0, 1_000_000), Instant.ofEpochSecond(0, 999_999_999),
        Instant.parse("2000-02-29T23:59:59.120Z"), Instant.parse("1900-03-01T00:00:00Z"),
        Instant.parse("2100-12-31T12:00:00.000100Z"), Instant.parse("0000-01-01T00:00:00Z"),
        Instant.parse("9999-12-31T23:59:59.999999999Z"), Instant.parse("-0001-12-31T23:59:59Z"),
        Instant.parse("+10000-01-01T00:00:00Z"), Instant.MIN, Instant.MAX)) {
      assertEquals(t.toString(), Json.instant(t));
    }
  }

  @Test
  void instantsAreWrittenExactlyAsInstantWritesThemAcrossTheYears() {
    Random random = new Random(42);
    long first = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
    long last = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
    for (int i = 0; i < 100_000; i++) {
      long second = first + (long) (random.nextDouble() * (last - first));
      int nano = switch (i % 4) {
        case 0 -> 0;
        case 1 -> random.nextInt(1000) * 1_000_000;
        case 2 -> random.nextInt(1_000_000) * 1000;
        default -> random.nextInt(1_000_000_000);
      };
      Instant t = Instant.ofEpochSecond(second, nano);
      assertEquals(t.toString(), Json.instant(t));
    }
  }
}
