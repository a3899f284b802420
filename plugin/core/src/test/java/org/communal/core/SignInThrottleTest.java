package org.communal.core;

import org.communal.testing.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SignInThrottleTest {
  private static final String ADDR = "192.0.2.1";

  private final MutableClock clock = new MutableClock();
  private final SignInThrottle throttle = new SignInThrottle(clock);

  private void fail(String username, String address, int times) {
    for (int i = 0; i < times; i++) {
      throttle.failed(username, address);
    }
  }

  @Test
  void nobodyWaitsBeforeAnyFailure() {
    assertThat(throttle.waitBefore("alice", ADDR)).isEmpty();
  }

  @Test
  void theFirstFourFailuresOfAnAccountAreFree() {
    for (int i = 1; i <= 4; i++) {
      throttle.failed("alice", ADDR);
      assertThat(throttle.waitBefore("alice", ADDR)).as("after %d failures", i).isEmpty();
    }

    throttle.failed("alice", ADDR);

    assertThat(throttle.waitBefore("alice", ADDR)).contains(Duration.ofSeconds(1));
  }

  @Test
  void eachFurtherFailureDoublesTheWaitUpToOneMinute() {
    fail("alice", ADDR, 4);
    long[] expectedSeconds = {1, 2, 4, 8, 16, 32, 60, 60, 60};

    for (long expected : expectedSeconds) {
      throttle.failed("alice", ADDR);
      assertThat(throttle.waitBefore("alice", ADDR)).contains(Duration.ofSeconds(expected));
    }
  }

  @Test
  void theWaitShrinksAsTimePassesAndEndsWhenItIsOver() {
    fail("alice", ADDR, 7);

    clock.advance(Duration.ofMillis(2500));
    assertThat(throttle.waitBefore("alice", ADDR)).contains(Duration.ofMillis(1500));
    clock.advance(Duration.ofMillis(1500));
    assertThat(throttle.waitBefore("alice", ADDR)).isEmpty();
  }

  @Test
  void theWaitCountsFromTheLastFailure() {
    fail("alice", ADDR, 5);
    clock.advance(Duration.ofMinutes(10));

    throttle.failed("alice", ADDR);

    assertThat(throttle.waitBefore("alice", ADDR)).contains(Duration.ofSeconds(2));
  }

  @Test
  void failuresAreForgottenFifteenMinutesAfterTheLastOne() {
    fail("alice", ADDR, 8);
    clock.advance(Duration.ofMinutes(15).plusSeconds(1));

    assertThat(throttle.waitBefore("alice", ADDR)).isEmpty();
    fail("alice", ADDR, 4);
    assertThat(throttle.waitBefore("alice", ADDR)).isEmpty();
    throttle.failed("alice", ADDR);
    assertThat(throttle.waitBefore("alice", ADDR)).contains(Duration.ofSeconds(1));
  }

  @Test
  void failuresAreRememberedJustBeforeFifteenMinutes() {
    fail("alice", ADDR, 4);
    clock.advance(Duration.ofMinutes(14).plusSeconds(59));

    throttle.failed("alice", ADDR);

    assertThat(throttle.waitBefore("alice", ADDR)).contains(Duration.ofSeconds(1));
  }

  @Test
  void failuresSpreadOutButEachWithinFifteenMinutesAddUp() {
    for (int i = 0; i < 5; i++) {
      throttle.failed("alice", ADDR);
      clock.advance(Duration.ofMinutes(14));
    }
    clock.advance(Duration.ofMinutes(-14));

    assertThat(throttle.waitBefore("alice", ADDR)).contains(Duration.ofSeconds(1));
  }

  @Test
  void anAccountIsThrottledFromEveryAddressAndInAnyCase() {
    for (int i = 0; i < 5; i++) {
      throttle.failed("Alice", "198.51.100." + i);
    }

    assertThat(throttle.waitBefore("ALICE", "203.0.113.7")).contains(Duration.ofSeconds(1));
    assertThat(throttle.waitBefore("bob", "203.0.113.7")).isEmpty();
  }

  @Test
  void successResetsTheAccountButNotTheAddress() {
    fail("alice", ADDR, 20);

    throttle.succeeded("ALICE");

    assertThat(throttle.waitBefore("alice", "203.0.113.7")).isEmpty();
    assertThat(throttle.waitBefore("alice", ADDR)).contains(Duration.ofSeconds(1));
    assertThat(throttle.waitBefore("bob", ADDR)).contains(Duration.ofSeconds(1));
  }

  @Test
  void successOfOneAccountLeavesOtherAccountsThrottled() {
    fail("alice", ADDR, 5);
    fail("bob", "203.0.113.7", 5);

    throttle.succeeded("alice");

    assertThat(throttle.waitBefore("bob", "198.51.100.1")).contains(Duration.ofSeconds(1));
  }

  @Test
  void anAddressIsThrottledAfterTwentyFailuresAcrossDifferentUsernames() {
    for (int i = 1; i <= 19; i++) {
      throttle.failed("user" + i, ADDR);
    }
    assertThat(throttle.waitBefore("fresh", ADDR)).isEmpty();

    throttle.failed("user20", ADDR);

    assertThat(throttle.waitBefore("fresh", ADDR)).contains(Duration.ofSeconds(1));
    assertThat(throttle.waitBefore("fresh", "203.0.113.7")).isEmpty();
    throttle.failed("user21", ADDR);
    assertThat(throttle.waitBefore("fresh", ADDR)).contains(Duration.ofSeconds(2));
  }

  @Test
  void theLongerOfTheAccountAndAddressWaitsApplies() {
    fail("alice", ADDR, 8);
    for (int i = 0; i < 12; i++) {
      throttle.failed("other" + i, ADDR);
    }

    assertThat(throttle.waitBefore("alice", ADDR)).contains(Duration.ofSeconds(8));
    assertThat(throttle.waitBefore("alice", "203.0.113.7")).contains(Duration.ofSeconds(8));
    assertThat(throttle.waitBefore("nobody", ADDR)).contains(Duration.ofSeconds(1));
  }
}
