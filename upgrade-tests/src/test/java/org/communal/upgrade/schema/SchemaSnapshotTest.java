package org.communal.upgrade.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.communal.upgrade.schema.SchemaDifference.Kind.DIFFERENT;
import static org.communal.upgrade.schema.SchemaDifference.Kind.EXTRA;
import static org.communal.upgrade.schema.SchemaDifference.Kind.MISSING;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
* Runs against a real PostgreSQL: each snapshot is read from its own freshly created database, built by the
* DDL the test gives, so that what is compared is exactly what pg_catalog says about that DDL.
*/
class SchemaSnapshotTest {

  /** Every kind of object the snapshot covers, used where a test needs a realistic schema around it. */
  private static final String RICH_SCHEMA = """
      CREATE EXTENSION citext;
      CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
      CREATE TABLE users (
        id serial PRIMARY KEY,
        username text COLLATE "C" NOT NULL,
        email citext CHECK (email LIKE '%@%'),
        feeling mood DEFAULT 'ok',
        upper_name text GENERATED ALWAYS AS (upper(username)) STORED,
        CONSTRAINT users_username_key UNIQUE (username) DEFERRABLE INITIALLY DEFERRED);
      CREATE TABLE posts (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, author int);
      ALTER TABLE posts ADD CONSTRAINT posts_author_fkey FOREIGN KEY (author) REFERENCES users (id) NOT VALID;
      CREATE INDEX users_username_lower_idx ON users (lower(username));
      CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
      CREATE TRIGGER users_touch BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION touch();
      CREATE PROCEDURE noop(a integer) LANGUAGE sql AS 'SELECT 1';
      CREATE VIEW user_names AS SELECT id, username FROM users;
      CREATE MATERIALIZED VIEW user_count AS SELECT count(*) FROM users;
      CREATE TABLE events (at date NOT NULL) PARTITION BY RANGE (at);
      CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
      COMMENT ON TABLE users IS 'people';
      COMMENT ON COLUMN users.username IS 'login';
      COMMENT ON FUNCTION touch() IS 'keeps rows fresh';
      """;

  /** The table Flyway keeps its own history in, with its primary key, index and a row. */
  private static final String FLYWAY_HISTORY = """
      CREATE TABLE flyway_schema_history (
        installed_rank integer NOT NULL, version varchar(50), description varchar(200) NOT NULL,
        type varchar(20) NOT NULL, script varchar(1000) NOT NULL, checksum integer,
        installed_by varchar(100) NOT NULL, installed_on timestamp NOT NULL DEFAULT now(),
        execution_time integer NOT NULL, success boolean NOT NULL,
        CONSTRAINT flyway_schema_history_pk PRIMARY KEY (installed_rank));
      CREATE INDEX flyway_schema_history_s_idx ON flyway_schema_history (success);
      INSERT INTO flyway_schema_history VALUES (1, '1', 'init', 'SQL', 'V1__init.sql', 1, 'me', now(), 5, true);
      """;

  private static final AtomicInteger DATABASES = new AtomicInteger();

  private static EmbeddedPostgres postgres;

  @BeforeAll
  static void startPostgres() throws IOException {
    postgres = EmbeddedPostgres.builder().start();
  }

  @AfterAll
  static void stopPostgres() throws IOException {
    postgres.close();
  }

  @Test
  void keysEveryKindOfObjectByName() throws SQLException {
    SchemaSnapshot snapshot = snapshotOf(RICH_SCHEMA);

    // citext's own functions and types are absent: the extension's version stands for them.
    assertThat(snapshot.entries().keySet()).containsExactly(
        "column events.at", "column events_2024.at",
        "column posts.author", "column posts.id",
        "column users.email", "column users.feeling", "column users.id",
        "column users.upper_name", "column users.username",
        "comment column users.username", "comment function public.touch()", "comment table users",
        "constraint posts.posts_author_fkey", "constraint posts.posts_pkey",
        "constraint users.users_email_check", "constraint users.users_pkey",
        "constraint users.users_username_key",
        "enum mood", "extension citext", "extension plpgsql",
        "function public.noop(integer)", "function public.touch()",
        "index posts_pkey", "index users_pkey", "index users_username_key", "index users_username_lower_idx",
        "materialized view user_count",
        "sequence posts_id_seq", "sequence users_id_seq",
        "table events", "table events_2024", "table posts", "table users",
        "trigger users.users_touch", "view user_names");
    assertThat(snapshot.size()).isEqualTo(35);
  }

  @Test
  void rendersDefinitionsFromTheCatalog() throws SQLException {
    var entries = snapshotOf(RICH_SCHEMA).entries();

    assertThat(entries).containsEntry("column users.username", "text COLLATE \"C\" NOT NULL")
        .containsEntry("column users.feeling", "mood NULL DEFAULT 'ok'::mood")
        .containsEntry("column users.upper_name", "text NULL GENERATED ALWAYS AS (upper(username)) STORED")
        .containsEntry("column posts.id", "bigint NOT NULL GENERATED ALWAYS AS IDENTITY")
        .containsEntry("constraint users.users_username_key",
            "UNIQUE (username) DEFERRABLE INITIALLY DEFERRED")
        .containsEntry("constraint posts.posts_author_fkey", "FOREIGN KEY (author) REFERENCES users(id) NOT VALID")
        .containsEntry("index users_pkey",
            "CREATE UNIQUE INDEX users_pkey ON public.users USING btree (id) (backs constraint users_pkey)")
        .containsEntry("sequence users_id_seq", "integer START 1 INCREMENT 1 MINVALUE 1 MAXVALUE 2147483647"
            + " CACHE 1 NO CYCLE OWNED BY users.id")
        .containsEntry("sequence posts_id_seq", "bigint START 1 INCREMENT 1 MINVALUE 1"
            + " MAXVALUE 9223372036854775807 CACHE 1 NO CYCLE OWNED BY posts.id (identity)")
        .containsEntry("trigger users.users_touch", "CREATE TRIGGER users_touch BEFORE UPDATE ON public.users"
            + " FOR EACH ROW EXECUTE FUNCTION touch() (enabled)")
        .containsEntry("enum mood", "'sad', 'ok', 'happy'")
        .containsEntry("table users", "ordinary table")
        .containsEntry("table events", "partitioned table PARTITION BY RANGE (at)")
        .containsEntry("comment table users", "people");
    assertThat(entries.get("extension citext")).matches("version [0-9.]+ in schema public");
  }

  @Test
  void sameSchemaBuiltInAnotherOrderComparesEqual() throws SQLException {
    SchemaSnapshot fresh = snapshotOf(RICH_SCHEMA + """
        CREATE TYPE size AS ENUM ('small', 'medium', 'large');
        CREATE TABLE accounts (id int PRIMARY KEY, name text NOT NULL, email text);
        """);
    // Columns added in another order, a dropped column left behind, an enum label inserted later.
    SchemaSnapshot upgraded = snapshotOf(RICH_SCHEMA + """
        CREATE TYPE size AS ENUM ('small', 'large');
        ALTER TYPE size ADD VALUE 'medium' BEFORE 'large';
        CREATE TABLE accounts (id int PRIMARY KEY, legacy int);
        ALTER TABLE accounts ADD COLUMN email text;
        ALTER TABLE accounts ADD COLUMN name text NOT NULL;
        ALTER TABLE accounts DROP COLUMN legacy;
        """);

    List<SchemaDifference> differences = fresh.compare(upgraded);

    assertThat(differences).isEmpty();
    assertThat(SchemaSnapshot.report(differences)).isEqualTo("no differences");
    assertThat(upgraded).isEqualTo(fresh);
  }

  @Test
  void changedColumnType() throws SQLException {
    List<SchemaDifference> differences = differences(
        "CREATE TABLE users (name text)",
        "CREATE TABLE users (name varchar(100))");

    assertThat(keysAndKinds(differences)).containsExactly(tuple("column users.name", DIFFERENT));
    assertThat(differences.get(0).describe()).isEqualTo(
        "column users.name: different — fresh install: text NULL / upgraded: character varying(100) NULL");
  }

  @Test
  void missingNotNull() throws SQLException {
    List<SchemaDifference> differences = differences(
        "CREATE TABLE users (name text NOT NULL)",
        "CREATE TABLE users (name text)");

    assertThat(differences).containsExactly(
        new SchemaDifference("column users.name", DIFFERENT, "text NOT NULL", "text NULL"));
  }

  @Test
  void changedDefault() throws SQLException {
    List<SchemaDifference> differences = differences(
        "CREATE TABLE users (active boolean DEFAULT true)",
        "CREATE TABLE users (active boolean DEFAULT false)");

    assertThat(differences).containsExactly(new SchemaDifference(
        "column users.active", DIFFERENT, "boolean NULL DEFAULT true", "boolean NULL DEFAULT false"));
  }

  @Test
  void changedCollationAndGeneratedColumn() throws SQLException {
    List<SchemaDifference> differences = differences(
        "CREATE TABLE users (name text COLLATE \"C\", shout text GENERATED ALWAYS AS (upper(name)) STORED)",
        "CREATE TABLE users (name text, shout text)");

    assertThat(differences).containsExactly(
        new SchemaDifference("column users.name", DIFFERENT, "text COLLATE \"C\" NULL", "text NULL"),
        new SchemaDifference("column users.shout", DIFFERENT,
            "text NULL GENERATED ALWAYS AS (upper(name)) STORED", "text NULL"));
  }

  @Test
  void identityColumnReplacedBySerial() throws SQLException {
    List<SchemaDifference> differences = differences(
        "CREATE TABLE users (id int GENERATED BY DEFAULT AS IDENTITY)",
        "CREATE TABLE users (id serial)");

    assertThat(keysAndKinds(differences)).containsExactly(
        tuple("column users.id", DIFFERENT), tuple("sequence users_id_seq", DIFFERENT));
    assertThat(differences.get(0).expected()).isEqualTo("integer NOT NULL GENERATED BY DEFAULT AS IDENTITY");
    assertThat(differences.get(1).expected()).endsWith("OWNED BY users.id (identity)");
    assertThat(differences.get(1).actual()).endsWith("OWNED BY users.id");
  }

  @Test
  void constraintWithTheSameNameButAnotherDefinition() throws SQLException {
    List<SchemaDifference> differences = differences(
        "CREATE TABLE users (email text CONSTRAINT users_email_check CHECK (email LIKE '%@%'))",
        "CREATE TABLE users (email text CONSTRAINT users_email_check CHECK (length(email) > 3))");

    assertThat(keysAndKinds(differences)).containsExactly(tuple("constraint users.users_email_check", DIFFERENT));
    assertThat(differences.get(0).describe()).isEqualTo("constraint users.users_email_check: different"
        + " — fresh install: CHECK ((email ~~ '%@%'::text)) / upgraded: CHECK ((length(email) > 3))");
  }

  @Test
  void constraintDeferrabilityAndValidation() throws SQLException {
    List<SchemaDifference> differences = differences("""
        CREATE TABLE users (name text, age int);
        ALTER TABLE users ADD CONSTRAINT users_name_key UNIQUE (name) DEFERRABLE INITIALLY DEFERRED;
        ALTER TABLE users ADD CONSTRAINT users_age_check CHECK (age > 0);
        """, """
        CREATE TABLE users (name text, age int);
        ALTER TABLE users ADD CONSTRAINT users_name_key UNIQUE (name) DEFERRABLE;
        ALTER TABLE users ADD CONSTRAINT users_age_check CHECK (age > 0) NOT VALID;
        """);

    assertThat(differences).containsExactly(
        new SchemaDifference("constraint users.users_age_check", DIFFERENT,
            "CHECK ((age > 0))", "CHECK ((age > 0)) NOT VALID"),
        new SchemaDifference("constraint users.users_name_key", DIFFERENT,
            "UNIQUE (name) DEFERRABLE INITIALLY DEFERRED", "UNIQUE (name) DEFERRABLE"));
  }

  @Test
  void renamedIndex() throws SQLException {
    List<SchemaDifference> differences = differences("""
        CREATE TABLE users (username text);
        CREATE INDEX users_username_idx ON users (username);
        """, """
        CREATE TABLE users (username text);
        CREATE INDEX users_username_idx ON users (username);
        ALTER INDEX users_username_idx RENAME TO users_username_index;
        """);

    assertThat(keysAndKinds(differences)).containsExactly(
        tuple("index users_username_idx", MISSING), tuple("index users_username_index", EXTRA));
    assertThat(differences.get(1).describe()).isEqualTo("index users_username_index: only in the upgraded"
        + " database (CREATE INDEX users_username_index ON public.users USING btree (username))");
  }

  @Test
  void indexOnOneSideOnly() throws SQLException {
    List<SchemaDifference> differences = differences("""
        CREATE TABLE users (username text);
        CREATE INDEX users_username_lower_idx ON users (lower(username));
        """, "CREATE TABLE users (username text)");

    assertThat(keysAndKinds(differences)).containsExactly(tuple("index users_username_lower_idx", MISSING));
    assertThat(differences.get(0).describe()).isEqualTo("index users_username_lower_idx: missing from the"
        + " upgraded database (fresh install has: CREATE INDEX users_username_lower_idx"
        + " ON public.users USING btree (lower(username)))");
  }

  @Test
  void indexThatNoLongerBacksAConstraint() throws SQLException {
    List<SchemaDifference> differences = differences(
        "CREATE TABLE users (name text CONSTRAINT users_name_key UNIQUE)",
        "CREATE TABLE users (name text); CREATE UNIQUE INDEX users_name_key ON users (name)");

    assertThat(keysAndKinds(differences)).containsExactly(
        tuple("constraint users.users_name_key", MISSING), tuple("index users_name_key", DIFFERENT));
    assertThat(differences.get(1).expected()).endsWith("(name) (backs constraint users_name_key)");
    assertThat(differences.get(1).actual()).endsWith("(name)");
  }

  @Test
  void sequenceNoLongerOwnedByItsColumn() throws SQLException {
    List<SchemaDifference> differences = differences(
        "CREATE TABLE users (id serial)",
        "CREATE TABLE users (id serial); ALTER SEQUENCE users_id_seq OWNED BY NONE");

    assertThat(differences).containsExactly(new SchemaDifference("sequence users_id_seq", DIFFERENT,
        "integer START 1 INCREMENT 1 MINVALUE 1 MAXVALUE 2147483647 CACHE 1 NO CYCLE OWNED BY users.id",
        "integer START 1 INCREMENT 1 MINVALUE 1 MAXVALUE 2147483647 CACHE 1 NO CYCLE"));
  }

  @Test
  void sequenceCurrentValueIsDataNotSchema() throws SQLException {
    List<SchemaDifference> differences = differences(
        "CREATE TABLE users (id serial)",
        "CREATE TABLE users (id serial); SELECT setval('users_id_seq', 42); INSERT INTO users DEFAULT VALUES");

    assertThat(differences).isEmpty();
  }

  @Test
  void triggerMissingOrDisabled() throws SQLException {
    String tableAndFunction = """
        CREATE TABLE users (name text);
        CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
        CREATE TRIGGER users_touch BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION touch();
        """;
    List<SchemaDifference> differences = differences(tableAndFunction + """
        CREATE TRIGGER users_audit AFTER INSERT ON users FOR EACH ROW EXECUTE FUNCTION touch();
        """, tableAndFunction + "ALTER TABLE users DISABLE TRIGGER users_touch;");

    assertThat(keysAndKinds(differences)).containsExactly(
        tuple("trigger users.users_audit", MISSING), tuple("trigger users.users_touch", DIFFERENT));
    assertThat(differences.get(1).expected()).endsWith("EXECUTE FUNCTION touch() (enabled)");
    assertThat(differences.get(1).actual()).endsWith("EXECUTE FUNCTION touch() (disabled)");
  }

  @Test
  void functionBodyChanged() throws SQLException {
    List<SchemaDifference> differences = differences(
        "CREATE FUNCTION twice(n integer) RETURNS integer LANGUAGE sql AS 'SELECT n * 2'",
        "CREATE FUNCTION twice(n integer) RETURNS integer LANGUAGE sql AS 'SELECT n + n'");

    assertThat(keysAndKinds(differences)).containsExactly(tuple("function public.twice(integer)", DIFFERENT));
    assertThat(differences.get(0).describe()).isEqualTo("function public.twice(integer): different"
        + " — fresh install: CREATE OR REPLACE FUNCTION public.twice(n integer)\\n RETURNS integer\\n"
        + " LANGUAGE sql\\nAS $function$SELECT n * 2$function$\\n"
        + " / upgraded: CREATE OR REPLACE FUNCTION public.twice(n integer)\\n RETURNS integer\\n"
        + " LANGUAGE sql\\nAS $function$SELECT n + n$function$\\n");
  }

  @Test
  void viewChangedAndMaterializedViewMissing() throws SQLException {
    String table = "CREATE TABLE users (id int, name text);";
    List<SchemaDifference> differences = differences(table + """
        CREATE VIEW user_names AS SELECT id, name FROM users;
        CREATE MATERIALIZED VIEW user_count AS SELECT count(*) FROM users;
        """, table + "CREATE VIEW user_names AS SELECT id FROM users;");

    assertThat(keysAndKinds(differences)).containsExactly(
        tuple("materialized view user_count", MISSING), tuple("view user_names", DIFFERENT));
    assertThat(differences.get(1).expected()).contains("name");
    assertThat(differences.get(1).actual()).doesNotContain("name");
  }

  @Test
  void enumLabelAdded() throws SQLException {
    List<SchemaDifference> differences = differences(
        "CREATE TYPE mood AS ENUM ('sad', 'happy')",
        "CREATE TYPE mood AS ENUM ('sad', 'happy'); ALTER TYPE mood ADD VALUE 'ok'");

    assertThat(differences).containsExactly(
        new SchemaDifference("enum mood", DIFFERENT, "'sad', 'happy'", "'sad', 'happy', 'ok'"));
  }

  @Test
  void commentChangedOrMissing() throws SQLException {
    String table = "CREATE TABLE users (username text);";
    List<SchemaDifference> differences = differences(table + """
        COMMENT ON TABLE users IS 'people who sign in';
        COMMENT ON COLUMN users.username IS 'login name';
        """, table + "COMMENT ON COLUMN users.username IS 'display name';");

    assertThat(differences).containsExactly(
        new SchemaDifference("comment column users.username", DIFFERENT, "login name", "display name"),
        new SchemaDifference("comment table users", MISSING, "people who sign in", null));
  }

  @Test
  void extensionMissing() throws SQLException {
    List<SchemaDifference> differences = differences("CREATE EXTENSION citext", "");

    // One difference, not one per function and type the extension installs.
    assertThat(keysAndKinds(differences)).containsExactly(tuple("extension citext", MISSING));
    assertThat(differences.get(0).expected()).matches("version [0-9.]+ in schema public");
  }

  @Test
  void tableMadeUnlogged() throws SQLException {
    List<SchemaDifference> differences = differences(
        "CREATE TABLE sessions (id int)",
        "CREATE UNLOGGED TABLE sessions (id int)");

    assertThat(differences).containsExactly(
        new SchemaDifference("table sessions", DIFFERENT, "ordinary table", "ordinary table UNLOGGED"));
  }

  @Test
  void flywayHistoryTableIsIgnored() throws SQLException {
    SchemaSnapshot withoutHistory = snapshotOf(RICH_SCHEMA);
    SchemaSnapshot withHistory = snapshotOf(RICH_SCHEMA + FLYWAY_HISTORY);

    assertThat(withoutHistory.compare(withHistory)).isEmpty();
    assertThat(withHistory.entries().keySet()).noneMatch(key -> key.contains("flyway"));
  }

  @Test
  void readsOnlyTheNamedSchema() throws SQLException {
    String ddl = "CREATE SCHEMA audit; CREATE TABLE audit.entries (at timestamptz); CREATE TABLE users (id int)";

    try (Connection connection = newDatabase(ddl).getConnection()) {
      assertThat(SchemaSnapshot.read(connection, "public").entries().keySet())
          .containsExactly("column users.id", "extension plpgsql", "table users");
      assertThat(SchemaSnapshot.read(connection, "audit").entries().keySet())
          .containsExactly("column entries.at", "extension plpgsql", "table entries");
    }
  }

  @Test
  void refusesASchemaThatDoesNotExist() throws SQLException {
    try (Connection connection = newDatabase("").getConnection()) {
      assertThatThrownBy(() -> SchemaSnapshot.read(connection, "no_such_schema"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("no_such_schema");
    }
  }

  @Test
  void reportGivesOneLinePerDifferenceInOrder() throws SQLException {
    List<SchemaDifference> differences = differences(
        "CREATE TABLE users (name text NOT NULL)",
        "CREATE TABLE users (name text, nickname text)");

    assertThat(SchemaSnapshot.report(differences)).isEqualTo("""
        column users.name: different — fresh install: text NOT NULL / upgraded: text NULL
        column users.nickname: only in the upgraded database (text NULL)""");
  }

  private static List<SchemaDifference> differences(String freshDdl, String upgradedDdl) throws SQLException {
    return snapshotOf(freshDdl).compare(snapshotOf(upgradedDdl));
  }

  private static List<Tuple> keysAndKinds(List<SchemaDifference> differences) {
    return differences.stream().map(difference -> tuple(difference.key(), difference.kind())).toList();
  }

  private static SchemaSnapshot snapshotOf(String ddl) throws SQLException {
    try (Connection connection = newDatabase(ddl).getConnection()) {
      return SchemaSnapshot.read(connection, "public");
    }
  }

  /** A new database holding only what {@code ddl} creates, so that no test sees another's objects. */
  private static DataSource newDatabase(String ddl) throws SQLException {
    String name = "schema_snapshot_" + DATABASES.incrementAndGet();
    try (Connection admin = postgres.getPostgresDatabase().getConnection();
      Statement statement = admin.createStatement()) {
      statement.execute("CREATE DATABASE " + name);
    }
    DataSource database = postgres.getDatabase("postgres", name);
    if (!ddl.isBlank()) {
      try (Connection connection = database.getConnection(); Statement statement = connection.createStatement()) {
        statement.execute(ddl);
      }
    }
    return database;
  }
}
