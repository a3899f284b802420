package org.communal.core;

import org.communal.testing.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import org.communal.context.Context;
import org.communal.context.ContextRegistry;
import org.communal.context.LimitExceededException;
import org.communal.context.Limits;
import org.communal.context.State;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ReviewSessionsTest {
  private final MutableClock clock = new MutableClock();
  private final User alice = new User(1, "alice", "", Optional.empty(), true, false, false);
  private final User bob = new User(2, "bob", "", Optional.empty(), true, false, false);
  private Context server;
  private ReviewSessions sessions;

  @BeforeEach
  void start() {
    server = Context.root("server");
    sessions = new ReviewSessions(server.child("review-sessions"), Limits.weight(1000),
        Duration.ofMinutes(30), clock);
  }

  @AfterEach
  void stop() {
    server.close();
    ContextRegistry.assertNoLeaks();
  }

  @Test
  void aReviewerFindsTheSameSessionAgainAndOthersGetTheirOwn() {
    Context first = sessions.open(alice, 7);

    assertThat(sessions.open(alice, 7)).isSameAs(first);
    assertThat(sessions.find(alice, 7)).contains(first);
    assertThat(sessions.open(bob, 7)).isNotSameAs(first);
    assertThat(sessions.open(alice, 8)).isNotSameAs(first);
    assertThat(first.name()).isEqualTo("review-session alice on r/7");
  }

  @Test
  void closingASessionReleasesWhatItHeld() {
    Context session = sessions.open(alice, 7);
    int[] released = {0};
    session.own("parsed diff", new byte[100], 100, d -> released[0]++);

    assertThat(sessions.close(alice, 7)).isTrue();

    assertThat(released[0]).isEqualTo(1);
    assertThat(session.state()).isEqualTo(State.CLOSED);
    assertThat(sessions.find(alice, 7)).isEmpty();
    assertThat(sessions.open(alice, 7)).isNotSameAs(session);
  }

  @Test
  void signingOutClosesEveryOneOfTheReviewersSessions() {
    sessions.open(alice, 1);
    sessions.open(alice, 2);
    Context bobs = sessions.open(bob, 1);

    assertThat(sessions.closeAll(alice)).isEqualTo(2);

    assertThat(sessions.size()).isEqualTo(1);
    assertThat(bobs.state()).isEqualTo(State.OPEN);
  }

  @Test
  void idleSessionsCloseAndUsedOnesStay() {
    Context idle = sessions.open(alice, 1);
    clock.advance(Duration.ofMinutes(20));
    Context used = sessions.open(bob, 1);
    clock.advance(Duration.ofMinutes(15));

    assertThat(sessions.closeIdle()).isEqualTo(1);

    assertThat(idle.state()).isEqualTo(State.CLOSED);
    assertThat(used.state()).isEqualTo(State.OPEN);
  }

  @Test
  void aSessionHoldsNoMoreThanItsWeightLimit() {
    Context session = sessions.open(alice, 7);
    session.own("diff 1", new byte[600], 600, d -> { });
    int[] destroyed = {0};

    assertThatThrownBy(() -> session.own("diff 2", new byte[600], 600, d -> destroyed[0]++))
        .isInstanceOf(LimitExceededException.class);
    assertThat(destroyed[0]).as("the refused resource was released").isEqualTo(1);
  }
}
