package org.communal.core;

import org.communal.testing.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;
import org.communal.testing.TestPostgres;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SessionsTest {
  private static final Duration IDLE = CoreSettings.defaults().sessionIdleTimeout();
  private static final Duration LIFETIME = CoreSettings.defaults().sessionLifetime();

  private final MutableClock clock = new MutableClock();
  private CommunalCore core;
  private Sessions sessions;
  private TestSql sql;
  private User alice;

  @BeforeEach
  void freshDatabase() {
    DataSource dataSource = TestPostgres.migratedDatabase().dataSource();
    core = CommunalCore.wrap(dataSource, CoreSettings.defaults().withClock(clock));
    sessions = core.sessions();
    sql = new TestSql(dataSource);
    alice = user("alice");
  }

  /** A user without a password: sessions never look at it, and it skips a slow hash. */
  private User user(String username) {
    sql.update("INSERT INTO users (username) VALUES (?)", username);
    return core.users().get(username);
  }

  private Instant lastSeen(Sessions.Opened opened) {
    return sql.instant("SELECT last_seen_at FROM sessions WHERE id = ?", opened.session().id());
  }

  @Test
  void anOpenedSessionResolvesToItsUserCsrfTokenAndExpiry() {
    Sessions.Opened opened = sessions.open(alice, "192.0.2.1");

    assertThat(opened.session().user()).isEqualTo(alice);
    assertThat(opened.session().expiresAt()).isEqualTo(MutableClock.START.plus(LIFETIME));
    assertThat(opened.cookieValue()).hasSizeGreaterThanOrEqualTo(40)
        .isNotEqualTo(opened.session().csrfToken());
    assertThat(opened.session().csrfToken()).hasSizeGreaterThanOrEqualTo(40);
    assertThat(sessions.resolve(opened.cookieValue())).contains(opened.session());
    assertThat(sql.rows("SELECT remote_addr, created_at = expires_at - interval '7 days' AS ok"
        + " FROM sessions")).singleElement().satisfies(row -> {
          assertThat(row.get("remote_addr")).isEqualTo("192.0.2.1");
          assertThat(row.get("ok")).isEqualTo(true);
        });
  }

  @Test
  void eachSessionGetsItsOwnSecrets() {
    Sessions.Opened first = sessions.open(alice, null);
    Sessions.Opened second = sessions.open(alice, null);

    assertThat(first.cookieValue()).isNotEqualTo(second.cookieValue());
    assertThat(first.session().csrfToken()).isNotEqualTo(second.session().csrfToken());
    assertThat(first.session().id()).isNotEqualTo(second.session().id());
    assertThat(sessions.resolve(second.cookieValue())).contains(second.session());
  }

  @Test
  void theCookieValueIsNeitherStoredNorShownByToString() {
    Sessions.Opened opened = sessions.open(alice, "192.0.2.1");

    assertThat(opened.toString()).doesNotContain(opened.cookieValue());
    assertThat(sql.rowsAsText("SELECT * FROM sessions")).singleElement()
        .satisfies(row -> assertThat(row).noneMatch(column -> column != null
            && column.contains(opened.cookieValue())));
  }

  @Test
  void anUnknownCookieValueDoesNotResolve() {
    sessions.open(alice, null);

    assertThat(sessions.resolve("not-a-session")).isEmpty();
    assertThat(sessions.resolve("")).isEmpty();
    assertThatThrownBy(() -> sessions.resolve(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void aClosedSessionNoLongerResolvesAndOthersLiveOn() {
    Sessions.Opened closed = sessions.open(alice, null);
    Sessions.Opened other = sessions.open(alice, null);

    sessions.close(closed.cookieValue());
    sessions.close(closed.cookieValue());
    sessions.close("never-opened");

    assertThat(sessions.resolve(closed.cookieValue())).isEmpty();
    assertThat(sessions.resolve(other.cookieValue())).contains(other.session());
  }

  @Test
  void closeAllEndsEveryOtherSessionOfTheUserButKeepsTheOneThatAsked() {
    Sessions.Opened asking = sessions.open(alice, null);
    Sessions.Opened second = sessions.open(alice, null);
    Sessions.Opened third = sessions.open(alice, null);
    Sessions.Opened bobs = sessions.open(user("bob"), null);

    int closed = sessions.closeAll(alice, Optional.of(asking.session().id()));

    assertThat(closed).isEqualTo(2);
    assertThat(sessions.resolve(asking.cookieValue())).isPresent();
    assertThat(sessions.resolve(second.cookieValue())).isEmpty();
    assertThat(sessions.resolve(third.cookieValue())).isEmpty();
    assertThat(sessions.resolve(bobs.cookieValue())).isPresent();
  }

  @Test
  void closeAllWithoutAnExceptionEndsEverySessionOfTheUser() {
    Sessions.Opened first = sessions.open(alice, null);
    Sessions.Opened second = sessions.open(alice, null);
    Sessions.Opened bobs = sessions.open(user("bob"), null);

    assertThat(sessions.closeAll(alice, Optional.empty())).isEqualTo(2);
    assertThat(sessions.closeAll(alice, Optional.empty())).isZero();

    assertThat(sessions.resolve(first.cookieValue())).isEmpty();
    assertThat(sessions.resolve(second.cookieValue())).isEmpty();
    assertThat(sessions.resolve(bobs.cookieValue())).isPresent();
  }

  @Test
  void aSessionLeftIdleForTheIdleTimeoutEnds() {
    Sessions.Opened opened = sessions.open(alice, null);

    clock.advance(IDLE.minusSeconds(1));
    Sessions.Opened untouched = sessions.open(alice, null);
    clock.set(MutableClock.START.plus(IDLE));

    assertThat(sessions.resolve(opened.cookieValue())).isEmpty();
    assertThat(sessions.resolve(untouched.cookieValue())).isPresent();
  }

  @Test
  void aSessionUsedJustBeforeTheIdleTimeoutStaysAlive() {
    Sessions.Opened opened = sessions.open(alice, null);

    clock.advance(IDLE.minusSeconds(1));
    assertThat(sessions.resolve(opened.cookieValue())).isPresent();
    clock.advance(IDLE.minusSeconds(1));
    assertThat(sessions.resolve(opened.cookieValue())).isPresent();
    clock.advance(IDLE);
    assertThat(sessions.resolve(opened.cookieValue())).isEmpty();
  }

  @Test
  void aSessionEndsAtTheEndOfItsLifetimeHoweverOftenItIsUsed() {
    Sessions.Opened opened = sessions.open(alice, null);
    Instant end = MutableClock.START.plus(LIFETIME);
    Duration step = IDLE.dividedBy(2);

    while (clock.instant().plus(step).isBefore(end)) {
      clock.advance(step);
      assertThat(sessions.resolve(opened.cookieValue())).as("at %s", clock.instant())
          .isPresent();
    }
    clock.set(end.minusSeconds(1));
    assertThat(sessions.resolve(opened.cookieValue())).isPresent();
    clock.set(end);
    assertThat(sessions.resolve(opened.cookieValue())).isEmpty();
  }

  @Test
  void aDisabledUsersSessionNoLongerResolves() {
    Sessions.Opened opened = sessions.open(alice, null);

    core.users().setActive(alice, false);

    assertThat(sessions.resolve(opened.cookieValue())).isEmpty();
  }

  @Test
  void aResolvedSessionCarriesTheUsersCurrentState() {
    Sessions.Opened opened = sessions.open(alice, null);

    User promoted = core.users().setAdmin(alice, true);

    assertThat(sessions.resolve(opened.cookieValue())).hasValueSatisfying(
        s -> assertThat(s.user()).isEqualTo(promoted));
  }

  @Test
  void lastSeenIsWrittenAtMostOnceAMinute() {
    Sessions.Opened opened = sessions.open(alice, null);
    assertThat(lastSeen(opened)).isEqualTo(MutableClock.START);

    clock.advance(Duration.ofSeconds(59));
    assertThat(sessions.resolve(opened.cookieValue())).isPresent();
    assertThat(lastSeen(opened)).isEqualTo(MutableClock.START);

    clock.advance(Duration.ofSeconds(1));
    assertThat(sessions.resolve(opened.cookieValue())).isPresent();
    Instant touched = MutableClock.START.plusSeconds(60);
    assertThat(lastSeen(opened)).isEqualTo(touched);

    clock.advance(Duration.ofSeconds(30));
    assertThat(sessions.resolve(opened.cookieValue())).isPresent();
    assertThat(lastSeen(opened)).isEqualTo(touched);

    clock.advance(Duration.ofSeconds(30));
    assertThat(sessions.resolve(opened.cookieValue())).isPresent();
    assertThat(lastSeen(opened)).isEqualTo(touched.plusSeconds(60));
  }

  @Test
  void resolvingAnEndedSessionDoesNotTouchIt() {
    Sessions.Opened opened = sessions.open(alice, null);

    clock.advance(IDLE);
    assertThat(sessions.resolve(opened.cookieValue())).isEmpty();

    assertThat(lastSeen(opened)).isEqualTo(MutableClock.START);
  }
}
