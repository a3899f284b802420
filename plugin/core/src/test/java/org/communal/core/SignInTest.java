package org.communal.core;

import org.communal.testing.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.Optional;
import javax.sql.DataSource;
import org.communal.testing.TestPostgres;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SignInTest {
  private static final String PASSWORD = "correct horse battery";
  private static final String ADDR = "192.0.2.1";

  private final MutableClock clock = new MutableClock();
  private CommunalCore core;
  private SignIn signIn;
  private TestSql sql;
  private User alice;

  @BeforeEach
  void freshDatabase() {
    DataSource dataSource = TestPostgres.migratedDatabase().dataSource();
    core = CommunalCore.wrap(dataSource, CoreSettings.defaults().withClock(clock));
    signIn = core.signIn();
    sql = new TestSql(dataSource);
    alice = core.users().create(new NewUser("alice", "Alice", Optional.empty(), false,
        Optional.of(PASSWORD))).user();
  }

  private AuditLog.Entry lastAuditEntry() {
    return core.auditLog().list(new PageRequest(0, 1)).items().get(0);
  }

  private long sessionCount() {
    return sql.number("SELECT count(*) FROM sessions");
  }

  private void failTimes(int times) {
    for (int i = 0; i < times; i++) {
      assertThatThrownBy(() -> signIn.signIn("alice", "wrong password!", ADDR))
          .isInstanceOf(InvalidCredentialsException.class);
    }
  }

  @Test
  void theRightPasswordOpensASessionAndIsAudited() {
    Sessions.Opened opened = signIn.signIn("Alice", PASSWORD, ADDR);

    assertThat(opened.session().user()).isEqualTo(alice);
    assertThat(core.sessions().resolve(opened.cookieValue())).contains(opened.session());
    AuditLog.Entry entry = lastAuditEntry();
    assertThat(entry.action()).isEqualTo("sign-in");
    assertThat(entry.actor()).contains("alice");
    assertThat(entry.target()).isEqualTo("user:alice");
    assertThat(entry.remoteAddr()).contains(ADDR);
    assertThat(entry.at()).isEqualTo(MutableClock.START);
  }

  @Test
  void aWrongPasswordIsInvalidCredentialsAndIsAuditedWithoutAnActor() {
    assertThatThrownBy(() -> signIn.signIn("alice", "wrong password!", ADDR))
        .isInstanceOf(InvalidCredentialsException.class)
        .extracting(e -> ((CommunalException) e).code()).isEqualTo("invalid-credentials");

    assertThat(sessionCount()).isZero();
    AuditLog.Entry entry = lastAuditEntry();
    assertThat(entry.action()).isEqualTo("sign-in-failed");
    assertThat(entry.actor()).isEmpty();
    assertThat(entry.target()).isEqualTo("user:alice");
    assertThat(entry.remoteAddr()).contains(ADDR);
  }

  @Test
  void anUnknownUserGetsTheSameAnswerAsAWrongPassword() {
    InvalidCredentialsException unknown = catchThrowableOfType(
        InvalidCredentialsException.class, () -> signIn.signIn("ghost", PASSWORD, ADDR));
    InvalidCredentialsException wrong = catchThrowableOfType(
        InvalidCredentialsException.class, () -> signIn.signIn("alice", "nope", ADDR));

    assertThat(unknown).hasMessage(wrong.getMessage());
    assertThat(lastAuditEntry().action()).isEqualTo("sign-in-failed");
    assertThat(core.auditLog().list(new PageRequest(0, 10)).total()).isEqualTo(2);
  }

  @Test
  void aDisabledAccountCannotSignInWithTheRightPassword() {
    core.users().setActive(alice, false);

    assertThatThrownBy(() -> signIn.signIn("alice", PASSWORD, ADDR))
        .isInstanceOf(InvalidCredentialsException.class);
    assertThat(sessionCount()).isZero();
    assertThat(lastAuditEntry().action()).isEqualTo("sign-in-failed");
  }

  @Test
  void afterFiveFailuresEvenTheRightPasswordMustWaitAndThenSucceeds() {
    failTimes(5);

    TooManyAttemptsException e = catchThrowableOfType(TooManyAttemptsException.class,
        () -> signIn.signIn("alice", PASSWORD, ADDR));

    assertThat(e.retryAfter()).isPositive().isLessThanOrEqualTo(Duration.ofMinutes(1));
    assertThat(e.code()).isEqualTo("too-many-attempts");
    assertThat(e.getMessage()).contains("seconds");
    assertThat(sessionCount()).isZero();

    clock.advance(e.retryAfter().plusMillis(1));
    Sessions.Opened opened = signIn.signIn("alice", PASSWORD, ADDR);

    assertThat(core.sessions().resolve(opened.cookieValue())).isPresent();
    assertThat(lastAuditEntry().action()).isEqualTo("sign-in");
  }

  @Test
  void aThrottledAttemptIsRefusedJustBeforeTheWaitEnds() {
    failTimes(5);
    Duration wait = catchThrowableOfType(TooManyAttemptsException.class,
        () -> signIn.signIn("alice", PASSWORD, ADDR)).retryAfter();

    clock.advance(wait.minusMillis(1));

    assertThatThrownBy(() -> signIn.signIn("alice", PASSWORD, ADDR))
        .isInstanceOfSatisfying(TooManyAttemptsException.class,
            e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofMillis(1)));
  }

  @Test
  void aSuccessfulSignInResetsTheAccountsFailures() {
    failTimes(4);
    signIn.signIn("alice", PASSWORD, ADDR);

    failTimes(4);

    assertThat(signIn.signIn("alice", PASSWORD, ADDR).session().user()).isEqualTo(alice);
  }

  @Test
  void unknownUsernamesAreThrottledLikeRealOnes() {
    for (int i = 0; i < 5; i++) {
      assertThatThrownBy(() -> signIn.signIn("ghost", PASSWORD, ADDR))
          .isInstanceOf(InvalidCredentialsException.class);
    }

    assertThatThrownBy(() -> signIn.signIn("ghost", PASSWORD, ADDR))
        .isInstanceOf(TooManyAttemptsException.class);
    assertThat(signIn.signIn("alice", PASSWORD, "203.0.113.7").session().user())
        .isEqualTo(alice);
  }

  @Test
  void signingOutClosesTheSessionAndIsAudited() {
    Sessions.Opened opened = signIn.signIn("alice", PASSWORD, ADDR);
    clock.advance(Duration.ofMinutes(3));

    signIn.signOut(opened.session(), opened.cookieValue(), ADDR);

    assertThat(core.sessions().resolve(opened.cookieValue())).isEmpty();
    AuditLog.Entry entry = lastAuditEntry();
    assertThat(entry.action()).isEqualTo("sign-out");
    assertThat(entry.actor()).contains("alice");
    assertThat(entry.at()).isEqualTo(MutableClock.START.plus(Duration.ofMinutes(3)));
  }
}
