package org.communal.core;

import org.communal.testing.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import javax.sql.DataSource;
import org.communal.testing.TestPostgres;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AuditLogTest {
  private final MutableClock clock = new MutableClock();
  private CommunalCore core;
  private AuditLog audit;
  private TestSql sql;
  private User alice;

  @BeforeEach
  void freshDatabase() {
    DataSource dataSource = TestPostgres.migratedDatabase().dataSource();
    core = CommunalCore.wrap(dataSource, CoreSettings.defaults().withClock(clock));
    audit = core.auditLog();
    sql = new TestSql(dataSource);
    sql.update("INSERT INTO users (username) VALUES ('alice')");
    alice = core.users().get("alice");
  }

  @Test
  void anEmptyLogListsNothing() {
    Page<AuditLog.Entry> page = audit.list(new PageRequest(0, 10));

    assertThat(page.items()).isEmpty();
    assertThat(page.total()).isZero();
  }

  @Test
  void recordsAnEntryWithItsActorsUsernameAndTheClocksTime() {
    audit.record(Optional.of(alice), "token-created", "token:7", "read, write", "192.0.2.9");

    assertThat(audit.list(new PageRequest(0, 10)).items()).singleElement().satisfies(e -> {
      assertThat(e.at()).isEqualTo(MutableClock.START);
      assertThat(e.actor()).contains("alice");
      assertThat(e.action()).isEqualTo("token-created");
      assertThat(e.target()).isEqualTo("token:7");
      assertThat(e.detail()).isEqualTo("read, write");
      assertThat(e.remoteAddr()).contains("192.0.2.9");
    });
  }

  @Test
  void anEntryWithoutActorOrAddressHasNeither() {
    audit.record(Optional.empty(), "sign-in-failed", "user:ghost", "", null);

    assertThat(audit.list(new PageRequest(0, 10)).items()).singleElement().satisfies(e -> {
      assertThat(e.actor()).isEmpty();
      assertThat(e.remoteAddr()).isEmpty();
      assertThat(e.detail()).isEmpty();
    });
  }

  @Test
  void listsNewestFirstByTimeThenByOrderOfRecording() {
    audit.record(Optional.of(alice), "first", "", "", null);
    clock.advance(Duration.ofMinutes(1));
    audit.record(Optional.of(alice), "second", "", "", null);
    audit.record(Optional.empty(), "third", "", "", null);
    clock.advance(Duration.ofMinutes(-5));
    audit.record(Optional.of(alice), "backdated", "", "", null);

    assertThat(audit.list(new PageRequest(0, 10)).items()).extracting(AuditLog.Entry::action)
        .containsExactly("third", "second", "first", "backdated");
  }

  @Test
  void listsInPagesWithATotal() {
    for (int i = 1; i <= 5; i++) {
      audit.record(Optional.of(alice), "action-" + i, "", "", null);
      clock.advance(Duration.ofSeconds(1));
    }

    Page<AuditLog.Entry> first = audit.list(new PageRequest(0, 2));
    Page<AuditLog.Entry> last = audit.list(new PageRequest(4, 2));

    assertThat(first.total()).isEqualTo(5);
    assertThat(first.items()).extracting(AuditLog.Entry::action)
        .containsExactly("action-5", "action-4");
    assertThat(first.hasNext()).isTrue();
    assertThat(last.items()).extracting(AuditLog.Entry::action).containsExactly("action-1");
    assertThat(last.hasNext()).isFalse();
  }

  @Test
  void entriesOutliveTheirActor() {
    audit.record(Optional.of(alice), "sign-in", "user:alice", "", null);

    sql.update("DELETE FROM users WHERE id = ?", alice.id());

    assertThat(audit.list(new PageRequest(0, 10)).items()).singleElement().satisfies(e -> {
      assertThat(e.action()).isEqualTo("sign-in");
      assertThat(e.actor()).isEmpty();
    });
  }
}
