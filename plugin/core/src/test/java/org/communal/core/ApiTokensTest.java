package org.communal.core;

import org.communal.testing.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.communal.testing.TestPostgres;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ApiTokensTest {
  private static final Set<Permission> READ = Set.of(Permission.READ);
  private static final Set<Permission> READ_WRITE = Set.of(Permission.READ, Permission.WRITE);

  private final MutableClock clock = new MutableClock();
  private CommunalCore core;
  private ApiTokens tokens;
  private TestSql sql;
  private User alice;
  private User root;

  @BeforeEach
  void freshDatabase() {
    DataSource dataSource = TestPostgres.migratedDatabase().dataSource();
    core = CommunalCore.wrap(dataSource, CoreSettings.defaults().withClock(clock));
    tokens = core.apiTokens();
    sql = new TestSql(dataSource);
    alice = user("alice", false);
    root = user("root", true);
  }

  /** A user without a password: tokens never look at it, and it skips a slow hash. */
  private User user(String username, boolean admin) {
    sql.update("INSERT INTO users (username, is_admin) VALUES (?, ?)", username, admin);
    return core.users().get(username);
  }

  private ApiTokens.Created create(User owner, Set<Permission> scopes) {
    return tokens.create(owner, owner, "ci", scopes, Optional.empty());
  }

  private static java.util.List<String> fields(InvalidInputException e) {
    return e.problems().stream().map(FieldProblem::field).toList();
  }

  @Test
  void aCreatedTokenStartsWithThePrefixAndResolvesToItsOwnerWithExactlyItsScopes() {
    ApiTokens.Created created = create(alice, READ_WRITE);

    assertThat(created.value()).startsWith("cmt_").startsWith(ApiTokens.PREFIX)
        .hasSizeGreaterThan(30);
    assertThat(tokens.resolve(created.value())).hasValueSatisfying(caller -> {
      assertThat(caller.user()).contains(alice);
      assertThat(caller.credential()).isEqualTo(Caller.Credential.TOKEN);
      assertThat(caller.scopes()).containsExactlyInAnyOrder(Permission.READ, Permission.WRITE);
    });
  }

  @Test
  void aReadOnlyTokenResolvesWithReadAlone() {
    ApiTokens.Created created = create(alice, READ);

    assertThat(tokens.resolve(created.value()).orElseThrow().scopes())
        .containsExactly(Permission.READ);
  }

  @Test
  void anAdminMayCreateAnAdminScopedToken() {
    ApiTokens.Created created = create(root, EnumSet.allOf(Permission.class));

    assertThat(tokens.resolve(created.value()).orElseThrow().scopes())
        .containsExactlyInAnyOrder(Permission.READ, Permission.WRITE, Permission.ADMIN);
  }

  @Test
  void aCreatedTokenDescribesItselfWithoutItsSecret() {
    Instant expires = clock.instant().plus(Duration.ofDays(30));

    ApiTokens.Created created = tokens.create(alice, root, "  deploy bot  ", READ_WRITE,
        Optional.of(expires));

    ApiTokens.ApiToken token = created.token();
    assertThat(token.userId()).isEqualTo(alice.id());
    assertThat(token.name()).isEqualTo("deploy bot");
    assertThat(token.prefix()).isEqualTo(created.value().substring(0, 10));
    assertThat(token.scopes()).containsExactlyInAnyOrder(Permission.READ, Permission.WRITE);
    assertThat(token.createdAt()).isEqualTo(MutableClock.START);
    assertThat(token.expiresAt()).contains(expires);
    assertThat(token.lastUsedAt()).isEmpty();
    assertThat(token.revokedAt()).isEmpty();
    assertThat(created.toString()).doesNotContain(created.value());
    assertThat(tokens.list(alice)).containsExactly(token);
    assertThat(sql.number("SELECT created_by FROM api_tokens WHERE id = ?", token.id()))
        .isEqualTo(root.id());
  }

  @Test
  void theStoredRowNeverContainsTheTokenValue() {
    ApiTokens.Created created = create(alice, READ_WRITE);

    assertThat(sql.rowsAsText("SELECT * FROM api_tokens")).singleElement()
        .satisfies(row -> assertThat(row).allSatisfy(column -> {
          assertThat(column).isNotEqualTo(created.value());
          if (column != null) {
            assertThat(column).doesNotContain(created.value());
          }
        }));
  }

  @Test
  void theAdminScopeIsRefusedForAUserWhoIsNotAnAdmin() {
    InvalidInputException e = catchThrowableOfType(InvalidInputException.class,
        () -> tokens.create(alice, root, "ci", EnumSet.of(Permission.READ, Permission.ADMIN),
            Optional.empty()));

    assertThat(e.problems()).singleElement().satisfies(p -> {
      assertThat(p.field()).isEqualTo("scopes");
      assertThat(p.reason()).contains("admin");
    });
    assertThat(tokens.list(alice)).isEmpty();
  }

  @Test
  void anExpiryInThePastOrNowIsRefused() {
    for (Instant bad : new Instant[] {clock.instant().minusSeconds(1), clock.instant()}) {
      InvalidInputException e = catchThrowableOfType(InvalidInputException.class,
          () -> tokens.create(alice, alice, "ci", READ, Optional.of(bad)));

      assertThat(fields(e)).as("expiry %s", bad).containsExactly("expires_at");
    }
    assertThat(tokens.list(alice)).isEmpty();
  }

  @Test
  void everyInvalidFieldIsListedAtOnce() {
    InvalidInputException e = catchThrowableOfType(InvalidInputException.class,
        () -> tokens.create(alice, alice, "   ", Set.of(),
            Optional.of(clock.instant().minusSeconds(60))));

    assertThat(fields(e)).containsExactly("name", "scopes", "expires_at");
  }

  @Test
  void namesMustBeOneToOneHundredCharacters() {
    assertThatThrownBy(() -> tokens.create(alice, alice, "n".repeat(101), READ, Optional.empty()))
        .isInstanceOfSatisfying(InvalidInputException.class,
            e -> assertThat(fields(e)).containsExactly("name"));
    assertThatThrownBy(() -> tokens.create(alice, alice, null, READ, Optional.empty()))
        .isInstanceOf(InvalidInputException.class);

    assertThat(tokens.create(alice, alice, "n".repeat(100), READ, Optional.empty()).token()
        .name()).hasSize(100);
  }

  @Test
  void anExpiredTokenStopsResolvingWhenTheClockPassesItsExpiry() {
    Instant expires = clock.instant().plus(Duration.ofHours(1));
    ApiTokens.Created created = tokens.create(alice, alice, "ci", READ, Optional.of(expires));

    clock.set(expires.minusSeconds(1));
    assertThat(tokens.resolve(created.value())).isPresent();
    clock.set(expires);
    assertThat(tokens.resolve(created.value())).isEmpty();
    clock.advance(Duration.ofDays(1));
    assertThat(tokens.resolve(created.value())).isEmpty();
  }

  @Test
  void aTokenWithoutExpiryKeepsResolving() {
    ApiTokens.Created created = create(alice, READ);

    clock.advance(Duration.ofDays(3650));

    assertThat(tokens.resolve(created.value())).isPresent();
  }

  @Test
  void aRevokedTokenNoLongerResolves() {
    ApiTokens.Created created = create(alice, READ);
    ApiTokens.Created kept = create(alice, READ);
    clock.advance(Duration.ofMinutes(5));

    ApiTokens.ApiToken revoked = tokens.revoke(alice, created.token().id());

    assertThat(revoked.revokedAt()).contains(clock.instant());
    assertThat(tokens.resolve(created.value())).isEmpty();
    assertThat(tokens.resolve(kept.value())).isPresent();
  }

  @Test
  void revokingTwiceIsHarmlessAndKeepsTheFirstRevocationTime() {
    ApiTokens.Created created = create(alice, READ);
    Instant firstRevocation = tokens.revoke(alice, created.token().id()).revokedAt()
        .orElseThrow();
    clock.advance(Duration.ofHours(1));

    ApiTokens.ApiToken again = tokens.revoke(alice, created.token().id());

    assertThat(again.revokedAt()).contains(firstRevocation);
    assertThat(tokens.resolve(created.value())).isEmpty();
  }

  @Test
  void revokingAnotherUsersTokenIdIsNotFoundAndLeavesItWorking() {
    ApiTokens.Created rootsToken = create(root, READ);

    assertThatThrownBy(() -> tokens.revoke(alice, rootsToken.token().id()))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining(String.valueOf(rootsToken.token().id()));
    assertThat(tokens.resolve(rootsToken.value())).isPresent();
    assertThat(tokens.list(root)).singleElement()
        .satisfies(t -> assertThat(t.revokedAt()).isEmpty());
  }

  @Test
  void revokingAnUnknownTokenIdIsNotFound() {
    assertThatThrownBy(() -> tokens.revoke(alice, 424242))
        .isInstanceOf(NotFoundException.class)
        .extracting(e -> ((CommunalException) e).code()).isEqualTo("not-found");
  }

  @Test
  void anUnknownValueDoesNotResolve() {
    ApiTokens.Created created = create(alice, READ);

    assertThat(tokens.resolve("cmt_unknown")).isEmpty();
    assertThat(tokens.resolve(created.token().prefix())).isEmpty();
    assertThat(tokens.resolve(created.value() + "x")).isEmpty();
  }

  @Test
  void resolvingRecordsLastUsedAtMostOnceAMinute() {
    ApiTokens.Created created = create(alice, READ);
    clock.advance(Duration.ofHours(2));

    tokens.resolve(created.value());
    Instant firstUse = clock.instant();
    assertThat(tokens.list(alice).get(0).lastUsedAt()).contains(firstUse);

    clock.advance(Duration.ofSeconds(59));
    tokens.resolve(created.value());
    assertThat(tokens.list(alice).get(0).lastUsedAt()).contains(firstUse);

    clock.advance(Duration.ofSeconds(1));
    tokens.resolve(created.value());
    assertThat(tokens.list(alice).get(0).lastUsedAt()).contains(firstUse.plusSeconds(60));
  }

  @Test
  void failedResolutionsDoNotRecordAUse() {
    ApiTokens.Created created = create(alice, READ);
    tokens.revoke(alice, created.token().id());

    tokens.resolve(created.value());

    assertThat(tokens.list(alice).get(0).lastUsedAt()).isEmpty();
  }

  @Test
  void aDisabledUsersTokenStopsResolving() {
    ApiTokens.Created created = create(alice, READ);

    core.users().setActive(alice, false);

    assertThat(tokens.resolve(created.value())).isEmpty();
  }

  @Test
  void aResolvedCallerCarriesTheUsersCurrentAdminFlag() {
    ApiTokens.Created created = create(root, EnumSet.of(Permission.READ, Permission.ADMIN));

    core.users().setAdmin(root, false);

    assertThat(tokens.resolve(created.value())).hasValueSatisfying(
        caller -> assertThat(caller.user().orElseThrow().admin()).isFalse());
  }

  @Test
  void listShowsAUsersTokensNewestFirstIncludingRevokedOnes() {
    ApiTokens.Created first = tokens.create(alice, alice, "first", READ, Optional.empty());
    ApiTokens.Created second = tokens.create(alice, alice, "second", READ, Optional.empty());
    create(root, READ);
    tokens.revoke(alice, first.token().id());

    assertThat(tokens.list(alice)).extracting(ApiTokens.ApiToken::name)
        .containsExactly("second", "first");
    assertThat(tokens.list(alice).get(1).revokedAt()).isPresent();
    assertThat(tokens.list(alice).get(0).id()).isEqualTo(second.token().id());
  }
}
