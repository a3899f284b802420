package org.communal.core;

import org.communal.testing.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.communal.testing.TestPostgres;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class UsersTest {
  private static final String PASSWORD = "correct horse battery";

  private CommunalCore core;
  private Users users;
  private TestSql sql;

  @BeforeEach
  void freshDatabase() {
    DataSource dataSource = TestPostgres.migratedDatabase().dataSource();
    core = CommunalCore.wrap(dataSource, CoreSettings.defaults().withClock(new MutableClock()));
    users = core.users();
    sql = new TestSql(dataSource);
  }

  private User create(String username, boolean admin) {
    return users.create(new NewUser(username, "", Optional.empty(), admin,
        Optional.of(PASSWORD))).user();
  }

  private static List<String> fields(InvalidInputException e) {
    return e.problems().stream().map(FieldProblem::field).toList();
  }

  @Test
  void createStoresTheAccountAndReturnsTheGivenPassword() {
    Users.Created created = users.create(new NewUser("alice", "Alice Example",
        Optional.of("alice@example.org"), false, Optional.of(PASSWORD)));

    User alice = created.user();
    assertThat(created.password()).isEqualTo(PASSWORD);
    assertThat(alice.username()).isEqualTo("alice");
    assertThat(alice.displayName()).isEqualTo("Alice Example");
    assertThat(alice.email()).contains("alice@example.org");
    assertThat(alice.active()).isTrue();
    assertThat(alice.admin()).isFalse();
    assertThat(alice.mustChangePassword()).isTrue();
    assertThat(users.find("ALICE")).contains(alice);
    assertThat(users.get("Alice")).isEqualTo(alice);
  }

  @Test
  void createWithoutAPasswordGeneratesAOneTimePasswordThatSignsIn() {
    Users.Created created = users.create(new NewUser("bob", null, Optional.of(""), true,
        Optional.empty()));

    assertThat(created.password()).hasSizeGreaterThanOrEqualTo(AccountRules.MIN_PASSWORD);
    assertThat(created.user().displayName()).isEmpty();
    assertThat(created.user().email()).isEmpty();
    assertThat(created.user().admin()).isTrue();
    assertThat(created.user().mustChangePassword()).isTrue();
    assertThat(users.checkPassword("bob", created.password())).contains(created.user());
  }

  @Test
  void createdPasswordsAreNeverShownByToStringNorStoredInClear() {
    Users.Created created = users.create(new NewUser("carol", "", Optional.empty(), false,
        Optional.empty()));

    assertThat(created.toString()).doesNotContain(created.password());
    assertThat(sql.rowsAsText("SELECT * FROM users")).singleElement()
        .satisfies(row -> assertThat(row).allSatisfy(column -> assertThat(column)
            .as("a column of the users row").isNotEqualTo(created.password())))
        .satisfies(row -> assertThat(String.join(" ", row.stream()
            .map(String::valueOf).toList())).contains("$argon2id$"));
  }

  @Test
  void createListsEveryInvalidFieldAndStoresNothing() {
    NewUser bad = new NewUser("-starts-with-a-dash", "two\nlines", Optional.of("not-an-email"),
        false, Optional.of("short"));

    InvalidInputException e = catchThrowableOfType(InvalidInputException.class,
        () -> users.create(bad));

    assertThat(fields(e)).containsExactly("username", "display_name", "email", "password");
    assertThat(e.code()).isEqualTo("invalid-field");
    assertThat(users.list(new PageRequest(0, 10)).total()).isZero();
  }

  @Test
  void createRefusesTooLongUsernamesAndDisplayNames() {
    NewUser bad = new NewUser("a".repeat(65), "d".repeat(101), Optional.empty(), false,
        Optional.empty());

    assertThat(fields(catchThrowableOfType(InvalidInputException.class, () -> users.create(bad))))
        .containsExactly("username", "display_name");
  }

  @Test
  void createRefusesAPasswordThatIsTheUsernameInAnyCase() {
    NewUser bad = new NewUser("longusername1", "", Optional.empty(), false,
        Optional.of("LongUserName1"));

    InvalidInputException e = catchThrowableOfType(InvalidInputException.class,
        () -> users.create(bad));

    assertThat(e.problems()).singleElement().satisfies(p -> {
      assertThat(p.field()).isEqualTo("password");
      assertThat(p.reason()).contains("username");
    });
    assertThat(users.find("longusername1")).isEmpty();
  }

  @Test
  void aTakenUsernameInAnyCaseIsAlreadyExists() {
    User alice = create("alice", false);

    assertThatThrownBy(() -> create("ALICE", true))
        .isInstanceOf(AlreadyExistsException.class)
        .hasMessageContaining("ALICE")
        .extracting(e -> ((CommunalException) e).code()).isEqualTo("already-exists");
    assertThat(users.list(new PageRequest(0, 10)).items()).containsExactly(alice);
  }

  @Test
  void getOfAnUnknownUserIsNoSuchUser() {
    assertThatThrownBy(() -> users.get("nobody"))
        .isInstanceOf(NoSuchUserException.class).hasMessageContaining("nobody");
    assertThat(users.find("nobody")).isEmpty();
  }

  @Test
  void listIsOrderedByUsernameIgnoringCaseAndPaged() {
    for (String name : List.of("carol", "Bob", "alice")) {
      sql.update("INSERT INTO users (username) VALUES (?)", name);
    }

    Page<User> first = users.list(new PageRequest(0, 2));
    Page<User> second = users.list(new PageRequest(2, 2));

    assertThat(first.items()).extracting(User::username).containsExactly("alice", "Bob");
    assertThat(first.total()).isEqualTo(3);
    assertThat(first.hasNext()).isTrue();
    assertThat(second.items()).extracting(User::username).containsExactly("carol");
    assertThat(second.hasNext()).isFalse();
  }

  @Test
  void checkPasswordAcceptsTheRightPasswordForTheUsernameInAnyCase() {
    User alice = create("alice", false);

    assertThat(users.checkPassword("aLiCe", PASSWORD)).contains(alice);
  }

  @Test
  void checkPasswordRefusesAWrongPassword() {
    create("alice", false);

    assertThat(users.checkPassword("alice", PASSWORD + "!")).isEmpty();
    assertThat(users.checkPassword("alice", null)).isEmpty();
  }

  @Test
  void checkPasswordRefusesAnUnknownUser() {
    assertThat(users.checkPassword("nobody", PASSWORD)).isEmpty();
  }

  @Test
  void checkPasswordRefusesAnAccountWithoutAPassword() {
    sql.update("INSERT INTO users (username) VALUES ('nopassword')");

    assertThat(users.checkPassword("nopassword", "")).isEmpty();
  }

  @Test
  void checkPasswordRefusesADisabledAccountEvenWithTheRightPassword() {
    User alice = create("alice", false);

    users.setActive(alice, false);

    assertThat(users.checkPassword("alice", PASSWORD)).isEmpty();
  }

  @Test
  void setPasswordReplacesTheOldPasswordAndRecordsWhetherItMustChange() {
    User alice = create("alice", false);

    User changed = users.setPassword(alice, "a brand new secret", false);

    assertThat(changed.mustChangePassword()).isFalse();
    assertThat(changed.id()).isEqualTo(alice.id());
    assertThat(users.checkPassword("alice", PASSWORD)).isEmpty();
    assertThat(users.checkPassword("alice", "a brand new secret")).contains(changed);
  }

  @Test
  void setPasswordCanDemandAnotherChangeForAOneTimePassword() {
    User alice = users.setPassword(create("alice", false), "first chosen one", false);

    User reset = users.setPassword(alice, "one time password", true);

    assertThat(reset.mustChangePassword()).isTrue();
    assertThat(users.get("alice").mustChangePassword()).isTrue();
  }

  @Test
  void setPasswordRefusesPasswordsThatBreakTheRulesAndKeepsTheOldOne() {
    User alice = create("alice", false);
    User longname = users.create(new NewUser("averylongname", "", Optional.empty(), false,
        Optional.of(PASSWORD))).user();

    for (String bad : new String[] {null, "", "x".repeat(AccountRules.MIN_PASSWORD - 1),
        "x".repeat(AccountRules.MAX_PASSWORD + 1)}) {
      assertThatThrownBy(() -> users.setPassword(alice, bad, false))
          .isInstanceOfSatisfying(InvalidInputException.class,
              e -> assertThat(fields(e)).containsExactly("new_password"));
    }
    assertThatThrownBy(() -> users.setPassword(longname, "AVeryLongName", false))
        .isInstanceOfSatisfying(InvalidInputException.class,
            e -> assertThat(e.problems()).singleElement()
                .satisfies(p -> assertThat(p.reason()).contains("username")));
    assertThat(users.checkPassword("alice", PASSWORD)).isPresent();
  }

  @Test
  void aPasswordOfWhiteSpaceAloneIsRefusedWhereverOneIsSet() {
    String blank = " \t ".repeat(4) + "\u00a0\u2003";
    User alice = create("alice", false);

    InvalidInputException changed = catchThrowableOfType(InvalidInputException.class,
        () -> users.setPassword(alice, blank, false));
    InvalidInputException created = catchThrowableOfType(InvalidInputException.class,
        () -> users.create(new NewUser("bob", "", Optional.empty(), false, Optional.of(blank))));

    assertThat(changed.problems()).singleElement().satisfies(p -> {
      assertThat(p.field()).isEqualTo("new_password");
      assertThat(p.reason()).contains("white space");
    });
    assertThat(fields(created)).containsExactly("password");
    assertThat(users.checkPassword("alice", PASSWORD)).isPresent();
  }

  @Test
  void aShortPasswordIsRefusedWithTheRuleAndItsLengthInCharactersNotCodeUnits() {
    User alice = create("alice", false);
    String sixFaces = "\ud83d\ude00".repeat(6);

    for (String tooShort : List.of("x".repeat(9), sixFaces)) {
      assertThatThrownBy(() -> users.setPassword(alice, tooShort, false))
          .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.problems())
              .singleElement().satisfies(p -> assertThat(p.reason()).isEqualTo(
                  "must have at least 12 characters; it has " + tooShort.codePointCount(0,
                      tooShort.length()))));
    }
  }

  @Test
  void theOneTimePasswordCannotBecomeTheAccountsOwnPassword() {
    Users.Created generated = users.create(new NewUser("alice", "", Optional.empty(), false,
        Optional.empty()));
    User given = create("bob", false);

    for (var attempt : List.of(new Object[] {generated.user(), generated.password()},
        new Object[] {given, PASSWORD})) {
      assertThatThrownBy(() -> users.setPassword((User) attempt[0], (String) attempt[1], false))
          .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.problems())
              .singleElement().satisfies(p -> {
                assertThat(p.field()).isEqualTo("new_password");
                assertThat(p.reason()).contains("one-time password");
              }));
    }
    assertThat(users.get("alice").mustChangePassword()).isTrue();
    assertThat(users.setPassword(given, "bob's very own password", false).mustChangePassword())
        .isFalse();
  }

  @Test
  void setPasswordAcceptsTheShortestAndLongestAllowedPasswords() {
    User alice = create("alice", false);
    String shortest = "s".repeat(AccountRules.MIN_PASSWORD);
    String longest = "l".repeat(AccountRules.MAX_PASSWORD);

    users.setPassword(alice, shortest, false);
    assertThat(users.checkPassword("alice", shortest)).isPresent();
    users.setPassword(alice, longest, false);
    assertThat(users.checkPassword("alice", longest)).isPresent();
  }

  @Test
  void setActiveDisablesAndEnablesTheAccount() {
    User alice = create("alice", false);

    User disabled = users.setActive(alice, false);

    assertThat(disabled.active()).isFalse();
    assertThat(users.get("alice").active()).isFalse();
    assertThat(users.setActive(disabled, true).active()).isTrue();
    assertThat(users.checkPassword("alice", PASSWORD)).isPresent();
  }

  @Test
  void setAdminGrantsAndTakesAwayAdministration() {
    User alice = create("alice", false);

    User admin = users.setAdmin(alice, true);

    assertThat(admin.admin()).isTrue();
    assertThat(users.get("alice").admin()).isTrue();
    assertThat(users.anyAdminCanSignIn()).isTrue();
    assertThat(users.setAdmin(admin, false).admin()).isFalse();
    assertThat(users.get("alice").admin()).isFalse();
    assertThat(users.anyAdminCanSignIn()).isFalse();
  }

  @Test
  void updateProfileChangesTheDisplayNameAndEmail() {
    User alice = create("alice", false);

    User updated = users.updateProfile(alice, "Alice Liddell", "alice@example.org");

    assertThat(updated.displayName()).isEqualTo("Alice Liddell");
    assertThat(updated.email()).contains("alice@example.org");
    assertThat(users.get("alice")).isEqualTo(updated);
  }

  @Test
  void updateProfileLeavesNullFieldsUnchangedAndAnEmptyEmailRemovesIt() {
    User alice = users.updateProfile(create("alice", false), "Alice", "alice@example.org");

    User sameName = users.updateProfile(alice, null, "new@example.org");
    User sameEmail = users.updateProfile(sameName, "Alice L.", null);
    User noEmail = users.updateProfile(sameEmail, null, "");

    assertThat(sameName.displayName()).isEqualTo("Alice");
    assertThat(sameName.email()).contains("new@example.org");
    assertThat(sameEmail.displayName()).isEqualTo("Alice L.");
    assertThat(sameEmail.email()).contains("new@example.org");
    assertThat(noEmail.email()).isEmpty();
    assertThat(noEmail.displayName()).isEqualTo("Alice L.");
  }

  @Test
  void updateProfileListsEveryInvalidFieldAndChangesNothing() {
    User alice = users.updateProfile(create("alice", false), "Alice", "alice@example.org");

    InvalidInputException e = catchThrowableOfType(InvalidInputException.class,
        () -> users.updateProfile(alice, "bell\u0007", "two@@example.org"));

    assertThat(fields(e)).containsExactly("display_name", "email");
    assertThat(users.get("alice")).isEqualTo(alice);
  }

  @Test
  void bootstrapAdminCreatesAnAdminWithAOneTimePasswordOnAnEmptyDatabase() {
    assertThat(users.anyAdminCanSignIn()).isFalse();

    Optional<String> password = users.bootstrapAdmin("admin");

    assertThat(password).isPresent();
    assertThat(password.get()).hasSizeGreaterThanOrEqualTo(AccountRules.MIN_PASSWORD);
    User admin = users.get("admin");
    assertThat(admin.admin()).isTrue();
    assertThat(admin.active()).isTrue();
    assertThat(admin.mustChangePassword()).isTrue();
    assertThat(users.checkPassword("admin", password.get())).contains(admin);
    assertThat(users.anyAdminCanSignIn()).isTrue();
  }

  @Test
  void bootstrapAdminReturnsEmptyTheSecondTimeAndKeepsTheFirstPassword() {
    String first = users.bootstrapAdmin("admin").orElseThrow();

    assertThat(users.bootstrapAdmin("admin")).isEmpty();
    assertThat(users.checkPassword("admin", first)).isPresent();
    assertThat(users.list(new PageRequest(0, 10)).total()).isEqualTo(1);
  }

  @Test
  void bootstrapAdminDoesNothingWhenAnotherAdminCanSignIn() {
    create("root", true);

    assertThat(users.bootstrapAdmin("admin")).isEmpty();
    assertThat(users.find("admin")).isEmpty();
  }

  @Test
  void bootstrapAdminTakesOverAnExistingPasswordlessAdminRow() {
    long id = sql.number("INSERT INTO users (username, display_name, is_active)"
        + " VALUES ('Admin', 'Old admin', false) RETURNING id");

    String password = users.bootstrapAdmin("admin").orElseThrow();

    User admin = users.get("admin");
    assertThat(admin.id()).isEqualTo(id);
    assertThat(admin.username()).isEqualTo("Admin");
    assertThat(admin.admin()).isTrue();
    assertThat(admin.active()).isTrue();
    assertThat(admin.mustChangePassword()).isTrue();
    assertThat(users.checkPassword("admin", password)).contains(admin);
    assertThat(users.list(new PageRequest(0, 10)).total()).isEqualTo(1);
  }

  @Test
  void bootstrapAdminRunsWhenTheOnlyAdminIsDisabled() {
    User root = create("root", true);
    users.setActive(root, false);
    assertThat(users.anyAdminCanSignIn()).isFalse();

    Optional<String> password = users.bootstrapAdmin("admin");

    assertThat(password).isPresent();
    assertThat(users.get("admin").admin()).isTrue();
    assertThat(users.get("root").active()).isFalse();
  }

  @Test
  void bootstrapAdminRefusesToTakeOverAnAccountWithItsOwnPasswordAndKeepsItsSessions() {
    User impostor = create("admin", false);
    Sessions.Opened session = core.sessions().open(impostor, "127.0.0.1");

    assertThatThrownBy(() -> users.bootstrapAdmin("admin"))
        .isInstanceOf(AlreadyExistsException.class)
        .hasMessageContaining("has a password of its own");
    assertThat(users.get("admin").admin()).isFalse();
    assertThat(users.checkPassword("admin", PASSWORD)).isPresent();
    assertThat(core.sessions().resolve(session.cookieValue()))
        .hasValueSatisfying(s -> assertThat(s.user().admin()).isFalse());
  }
}
