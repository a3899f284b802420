package org.communal.core;

import org.communal.testing.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.Set;
import javax.sql.DataSource;
import org.communal.testing.TestPostgres;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GroupsTest {
  private static final PageRequest ALL = new PageRequest(0, 50);

  private CommunalCore core;
  private Groups groups;
  private TestSql sql;
  private User member;
  private User outsider;
  private User admin;

  @BeforeEach
  void freshDatabase() {
    DataSource dataSource = TestPostgres.migratedDatabase().dataSource();
    core = CommunalCore.wrap(dataSource, CoreSettings.defaults().withClock(new MutableClock()));
    groups = core.groups();
    sql = new TestSql(dataSource);
    member = user("member", false);
    outsider = user("outsider", false);
    admin = user("admin", true);
  }

  /** A user without a password: groups never look at it, and it skips a slow hash. */
  private User user(String username, boolean isAdmin) {
    sql.update("INSERT INTO users (username, is_admin) VALUES (?, ?)", username, isAdmin);
    return core.users().get(username);
  }

  private static Caller as(User user) {
    return Caller.session(user);
  }

  @Test
  void createStoresTheGroup() {
    Groups.Group group = groups.create("reviewers", "The Reviewers", false);

    assertThat(group.name()).isEqualTo("reviewers");
    assertThat(group.displayName()).isEqualTo("The Reviewers");
    assertThat(group.inviteOnly()).isFalse();
    assertThat(group.createdAt()).isNotNull();
    assertThat(groups.get("reviewers", Caller.anonymous())).isEqualTo(group);
  }

  @Test
  void aMissingDisplayNameIsStoredEmpty() {
    assertThat(groups.create("team", null, true).displayName()).isEmpty();
  }

  @Test
  void createRefusesBadNamesAndDisplayNames() {
    for (String bad : new String[] {null, "", "Upper", "-dash", "has space", "a".repeat(65)}) {
      assertThatThrownBy(() -> groups.create(bad, "", false)).as("name %s", bad)
          .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.problems())
              .extracting(FieldProblem::field).containsExactly("name"));
    }
    InvalidInputException both = catchThrowableOfType(InvalidInputException.class,
        () -> groups.create("Bad", "tab\there", false));

    assertThat(both.problems()).extracting(FieldProblem::field)
        .containsExactly("name", "display_name");
    assertThat(groups.list(as(admin), ALL).total()).isZero();
  }

  @Test
  void createAcceptsTheLongestName() {
    String name = "a" + "b-_.9".repeat(12) + "xyz";

    assertThat(name).hasSize(64);
    assertThat(groups.create(name, "", false).name()).isEqualTo(name);
  }

  @Test
  void aTakenNameIsAlreadyExists() {
    groups.create("team", "First", false);

    assertThatThrownBy(() -> groups.create("team", "Second", true))
        .isInstanceOf(AlreadyExistsException.class).hasMessageContaining("team");
    assertThat(groups.get("team", as(admin)).displayName()).isEqualTo("First");
  }

  @Test
  void anUnknownGroupIsNoSuchGroup() {
    assertThatThrownBy(() -> groups.get("nope", as(admin)))
        .isInstanceOf(NoSuchGroupException.class).hasMessageContaining("nope");
  }

  @Test
  void anOpenGroupIsVisibleToEveryone() {
    Groups.Group open = groups.create("open", "", false);

    for (Caller viewer : new Caller[] {Caller.anonymous(), as(outsider), as(member), as(admin)}) {
      assertThat(groups.get("open", viewer)).isEqualTo(open);
      assertThat(groups.list(viewer, ALL).items()).containsExactly(open);
    }
  }

  @Test
  void anInviteOnlyGroupDoesNotExistForAnonymousCallersAndNonMembers() {
    Groups.Group secret = groups.create("secret", "", true);
    groups.create("open", "", false);
    groups.addMember(secret, member);

    for (Caller viewer : new Caller[] {Caller.anonymous(), as(outsider),
        Caller.token(outsider, Set.of(Permission.READ))}) {
      assertThatThrownBy(() -> groups.get("secret", viewer))
          .isInstanceOf(NoSuchGroupException.class)
          .hasMessage(new NoSuchGroupException("secret").getMessage());
      Page<Groups.Group> page = groups.list(viewer, ALL);
      assertThat(page.items()).extracting(Groups.Group::name).containsExactly("open");
      assertThat(page.total()).isEqualTo(1);
    }
  }

  @Test
  void anInviteOnlyGroupIsVisibleToItsMembersAndToAdmins() {
    Groups.Group secret = groups.create("secret", "", true);
    Groups.Group open = groups.create("open", "", false);
    groups.addMember(secret, member);

    for (Caller viewer : new Caller[] {as(member), Caller.token(member, Set.of(Permission.READ)),
        as(admin)}) {
      assertThat(groups.get("secret", viewer)).isEqualTo(secret);
      Page<Groups.Group> page = groups.list(viewer, ALL);
      assertThat(page.items()).containsExactly(open, secret);
      assertThat(page.total()).isEqualTo(2);
    }
  }

  @Test
  void aRemovedMemberNoLongerSeesTheInviteOnlyGroup() {
    Groups.Group secret = groups.create("secret", "", true);
    groups.addMember(secret, member);

    groups.removeMember(secret, member);

    assertThatThrownBy(() -> groups.get("secret", as(member)))
        .isInstanceOf(NoSuchGroupException.class);
    assertThat(groups.list(as(member), ALL).total()).isZero();
  }

  @Test
  void theListTotalCountsOnlyVisibleGroupsAcrossPages() {
    for (String name : new String[] {"a-open", "b-secret", "c-open", "d-secret", "e-open"}) {
      groups.create(name, "", name.endsWith("secret"));
    }

    Page<Groups.Group> first = groups.list(as(outsider), new PageRequest(0, 2));
    Page<Groups.Group> second = groups.list(as(outsider), first.request().next());
    Page<Groups.Group> adminsFirst = groups.list(as(admin), new PageRequest(0, 2));

    assertThat(first.items()).extracting(Groups.Group::name).containsExactly("a-open", "c-open");
    assertThat(first.total()).isEqualTo(3);
    assertThat(first.hasNext()).isTrue();
    assertThat(second.items()).extracting(Groups.Group::name).containsExactly("e-open");
    assertThat(second.hasNext()).isFalse();
    assertThat(adminsFirst.items()).extracting(Groups.Group::name)
        .containsExactly("a-open", "b-secret");
    assertThat(adminsFirst.total()).isEqualTo(5);
  }

  @Test
  void addingAMemberTwiceIsHarmless() {
    Groups.Group team = groups.create("team", "", false);

    assertThat(groups.addMember(team, member)).isTrue();
    assertThat(groups.addMember(team, member)).isFalse();

    assertThat(groups.members(team)).containsExactly(member);
  }

  @Test
  void removingAMemberTwiceIsHarmless() {
    Groups.Group team = groups.create("team", "", false);
    groups.addMember(team, member);
    groups.addMember(team, outsider);

    assertThat(groups.removeMember(team, member)).isTrue();
    assertThat(groups.removeMember(team, member)).isFalse();
    assertThat(groups.removeMember(team, admin)).isFalse();

    assertThat(groups.members(team)).containsExactly(outsider);
  }

  @Test
  void membersAreListedByUsernameIgnoringCaseAndPerGroup() {
    Groups.Group team = groups.create("team", "", false);
    Groups.Group other = groups.create("other", "", false);
    User bob = user("Bob", false);
    groups.addMember(team, outsider);
    groups.addMember(team, bob);
    groups.addMember(team, admin);
    groups.addMember(other, member);

    assertThat(groups.members(team)).extracting(User::username)
        .containsExactly("admin", "Bob", "outsider");
    assertThat(groups.members(other)).containsExactly(member);
  }
}
