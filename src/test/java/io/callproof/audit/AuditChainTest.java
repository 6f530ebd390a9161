package io.callproof.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.callproof.store.Database;
import io.callproof.support.Await;
import io.callproof.support.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;
import io.vertx.sqlclient.Tuple;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sealing and checking chains on a real PostgreSQL. Tampering is done as the superuser with
 * triggers and foreign keys switched off ({@code session_replication_role = replica}), as an
 * attacker holding the database would. Transaction ids are shared by the whole server, so a
 * transaction of another database running at the same time can hold sealing back for a moment:
 * tests wait until their tenant's events are sealed rather than expecting one round to do it.
 */
class AuditChainTest {

  private static final Vertx vertx = Vertx.vertx();
  private static TestDatabase testDatabase;
  private static Database database;
  private static Pool pool;

  @TempDir Path headFolder;
  private HeadFiles heads;
  private AuditSealer sealer;
  private ChainCheck check;
  private String tenant;

  @BeforeAll
  static void createDatabase() {
    testDatabase = TestDatabase.create(vertx);
    database = Await.result(Database.open(vertx, testDatabase.url(), testDatabase.url(), 4));
    pool = database.pool();
  }

  @AfterAll
  static void dropDatabase() {
    database.close();
    testDatabase.drop(vertx);
    Await.result(vertx.close());
  }

  @BeforeEach
  void newTenant() {
    heads = new HeadFiles(headFolder);
    sealer = new AuditSealer(pool, heads, Clock.systemUTC());
    check = new ChainCheck(pool);
    tenant = "t-" + UUID.randomUUID().toString().substring(0, 8);
    sql(
        "insert into tenant (id, name, time_zone, default_region) values ($1, $1, 'UTC', 'US')",
        Tuple.of(tenant));
  }

  @Test
  void cleanChain_passesAndContainsItsExportedHead() throws Exception {
    appendCommitted("call-started", "caller-identified");
    appendCommitted("code-sent", "code-checked", "call-ended");

    sealUntil(5);
    ChainReport report = Await.result(check.check(tenant, heads.read(tenant)));

    assertThat(report.intact()).isTrue();
    assertThat(report.length()).isEqualTo(5);
    assertThat(report.head()).map(AuditHead::position).contains(5L);
    assertThat(report.unsealed()).isZero();
  }

  @Test
  void headFile_holdsTheLastPositionAndHash() throws Exception {
    appendCommitted("call-started", "call-ended");

    sealUntil(2);

    AuditHead head = HeadFiles.read(headFolder.resolve(tenant + ".json"));
    Row last =
        rows(
                "select position, hash from audit_seal where tenant_id = $1 order by position desc",
                Tuple.of(tenant))
            .get(0);
    assertThat(head.tenantId()).isEqualTo(tenant);
    assertThat(head.position()).isEqualTo(2).isEqualTo(last.getLong("position"));
    assertThat(head.hash()).isEqualTo(HexFormat.of().formatHex(last.getBuffer("hash").getBytes()));
  }

  @Test
  void changedEvent_isTheFirstBrokenLink() throws Exception {
    sealFive();

    tamper(
        "update audit_event set data = '{\"n\": \"forged\"}' where tenant_id = $1 and id = $2",
        Tuple.of(tenant, eventAt(3)));

    ChainReport report = Await.result(check.check(tenant, heads.read(tenant)));
    assertThat(report.intact()).isFalse();
    assertThat(report.broken().get().position()).isEqualTo(3);
    assertThat(report.broken().get().eventId()).isEqualTo(eventAt(3));
    assertThat(report.broken().get().problem()).contains("it was changed");
  }

  @Test
  void deletedEvent_isReportedMissingAtItsPosition() throws Exception {
    sealFive();
    long deleted = eventAt(2);

    tamper("delete from audit_event where tenant_id = $1 and id = $2", Tuple.of(tenant, deleted));

    ChainReport report = Await.result(check.check(tenant, heads.read(tenant)));
    assertThat(report.broken().get().position()).isEqualTo(2);
    assertThat(report.broken().get().problem()).isEqualTo("event " + deleted + " is missing");
  }

  @Test
  void deletedEventWithItsSeal_leavesAGapThatIsReported() throws Exception {
    sealFive();
    long deleted = eventAt(2);

    tamper("delete from audit_seal where tenant_id = $1 and position = 2", Tuple.of(tenant));
    tamper("delete from audit_event where tenant_id = $1 and id = $2", Tuple.of(tenant, deleted));

    ChainReport report = Await.result(check.check(tenant, heads.read(tenant)));
    assertThat(report.broken().get().position()).isEqualTo(2);
    assertThat(report.broken().get().problem()).contains("no seal at this position");
  }

  @Test
  void reorderedEvents_breakTheChainWhereTheOrderChanged() throws Exception {
    sealFive();

    tamper(
        "update audit_seal set position = 1000 where tenant_id = $1 and position = 3",
        Tuple.of(tenant));
    tamper(
        "update audit_seal set position = 3 where tenant_id = $1 and position = 4",
        Tuple.of(tenant));
    tamper(
        "update audit_seal set position = 4 where tenant_id = $1 and position = 1000",
        Tuple.of(tenant));

    ChainReport report = Await.result(check.check(tenant, heads.read(tenant)));
    assertThat(report.broken().get().position()).isEqualTo(3);
    assertThat(report.broken().get().problem()).contains("previous hash");
  }

  @Test
  void truncatedChain_isCaughtByTheExportedHead_andOnlyByIt() throws Exception {
    sealFive();

    for (long position : new long[] {5, 4}) {
      long event = eventAt(position);
      tamper(
          "delete from audit_seal where tenant_id = $1 and position = $2",
          Tuple.of(tenant, position));
      tamper("delete from audit_event where tenant_id = $1 and id = $2", Tuple.of(tenant, event));
    }

    ChainReport withHead = Await.result(check.check(tenant, heads.read(tenant)));
    ChainReport withoutHead = Await.result(check.check(tenant, Optional.empty()));
    assertThat(withHead.intact()).isFalse();
    assertThat(withHead.broken().get().position()).isEqualTo(4);
    assertThat(withHead.broken().get().problem())
        .contains("the chain ends at position 3", "is at position 5", "removed from its end");
    assertThat(withoutHead.intact()).isTrue();
  }

  @Test
  void chainRewrittenWithFreshHashes_isCaughtByTheExportedHead() throws Exception {
    sealFive();

    tamper(
        "update audit_event set kind = 'forged' where tenant_id = $1 and id = $2",
        Tuple.of(tenant, eventAt(2)));
    rehash();

    ChainReport withoutHead = Await.result(check.check(tenant, Optional.empty()));
    ChainReport withHead = Await.result(check.check(tenant, heads.read(tenant)));
    assertThat(withoutHead.intact()).isTrue();
    assertThat(withHead.broken().get().position()).isEqualTo(5);
    assertThat(withHead.broken().get().problem()).contains("the chain was rewritten");
  }

  @Test
  void sealer_keepsTheExportedHead_whenTheChainNoLongerHoldsIt() throws Exception {
    sealFive();
    AuditHead exported = heads.read(tenant).orElseThrow();
    long last = eventAt(5);
    tamper("delete from audit_seal where tenant_id = $1 and position = 5", Tuple.of(tenant));
    tamper("delete from audit_event where tenant_id = $1 and id = $2", Tuple.of(tenant, last));

    appendCommitted("call-started", "call-ended");
    sealUntil(6);

    assertThat(heads.read(tenant)).contains(exported);
  }

  @Test
  void eventCommittedLate_isSealedBeforeTheEventsOfLaterTransactions() {
    SqlConnection first = Await.result(pool.getConnection());
    SqlConnection second = Await.result(pool.getConnection());
    try {
      Transaction early = Await.result(first.begin());
      append(first, "early");
      Transaction later = Await.result(second.begin());
      append(second, "later");
      Await.result(later.commit());

      Await.result(sealer.sealNow());
      assertThat(sealedKinds()).isEmpty();

      Await.result(early.commit());
      sealUntil(2);
    } finally {
      first.close();
      second.close();
    }

    assertThat(sealedKinds()).containsExactly("early", "later");
    assertThat(Await.result(check.check(tenant, Optional.empty())).intact()).isTrue();
  }

  @Test
  void eventWithAHigherIdFromAnOlderTransaction_takesTheOlderTransactionsPlace() {
    SqlConnection first = Await.result(pool.getConnection());
    SqlConnection second = Await.result(pool.getConnection());
    try {
      Transaction older = Await.result(first.begin());
      Await.result(first.query("select pg_current_xact_id()").execute());
      Transaction newer = Await.result(second.begin());
      append(second, "newer");
      Await.result(newer.commit());
      append(first, "older");
      Await.result(older.commit());

      sealUntil(2);
    } finally {
      first.close();
      second.close();
    }

    assertThat(sealedKinds()).containsExactly("older", "newer");
    List<Row> ids =
        rows("select kind, id from audit_event where tenant_id = $1 order by id", Tuple.of(tenant));
    assertThat(ids.get(0).getString("kind")).isEqualTo("newer");
  }

  @Test
  void whileAnotherNodeSeals_thisOneLeavesTheRoundToIt() {
    appendCommitted("call-started");
    SqlConnection other = Await.result(pool.getConnection());
    try {
      Transaction round = Await.result(other.begin());
      Await.result(
          other.query("select pg_advisory_xact_lock(" + AuditSealer.LOCK_ID + ")").execute());

      assertThat(Await.result(sealer.sealNow())).isZero();

      Await.result(round.rollback());
    } finally {
      other.close();
    }
    sealUntil(1);
    assertThat(sealedKinds()).containsExactly("call-started");
  }

  @Test
  void insertedTransactionId_isAlwaysTheInsertingTransactions() {
    Row row =
        rows(
                "insert into audit_event (tenant_id, at, kind, data, xid)"
                    + " values ($1, now(), 'forged', '{}', '3')"
                    + " returning xid = pg_current_xact_id() as stamped",
                Tuple.of(tenant))
            .get(0);

    assertThat(row.getBoolean("stamped")).isTrue();
  }

  private void sealFive() {
    appendCommitted("call-started", "caller-identified", "code-sent");
    appendCommitted("code-checked", "call-ended");
    sealUntil(5);
  }

  /** Runs sealing rounds until the tenant's chain is {@code length} long. */
  private void sealUntil(long length) {
    Await.until(
        () -> {
          Await.result(sealer.sealNow());
          return sealedKinds().size() >= length ? true : null;
        },
        Duration.ofSeconds(20),
        "a chain of " + length + " events");
    assertThat(sealedKinds()).hasSize((int) length);
  }

  private void appendCommitted(String... kinds) {
    Await.result(
        pool.withTransaction(
            tx -> {
              List<AuditEvent> events = new ArrayList<>();
              for (String kind : kinds) {
                events.add(new AuditEvent(kind, "CA-test", null, Map.of("n", kind)));
              }
              return new AuditTrail().append(tx, tenant, Instant.now(), events);
            }));
  }

  private void append(SqlClient client, String kind) {
    Await.result(
        new AuditTrail()
            .append(
                client,
                tenant,
                Instant.now(),
                List.of(new AuditEvent(kind, null, null, Map.of()))));
  }

  private List<String> sealedKinds() {
    return rows(
            "select e.kind from audit_seal s join audit_event e"
                + " on e.tenant_id = s.tenant_id and e.id = s.event_id"
                + " where s.tenant_id = $1 order by s.position",
            Tuple.of(tenant))
        .stream()
        .map(r -> r.getString(0))
        .toList();
  }

  private long eventAt(long position) {
    return rows(
            "select event_id from audit_seal where tenant_id = $1 and position = $2",
            Tuple.of(tenant, position))
        .get(0)
        .getLong(0);
  }

  /** Recomputes every seal's hashes from the events, as someone covering their tracks would. */
  private void rehash() {
    byte[] previous = CanonicalEvent.GENESIS;
    List<Row> chain =
        rows(
            "select s.position, "
                + StoredEvent.COLUMNS
                + " from audit_seal s join audit_event e"
                + " on e.tenant_id = s.tenant_id and e.id = s.event_id"
                + " where s.tenant_id = $1 order by s.position",
            Tuple.of(tenant));
    for (Row row : chain) {
      byte[] hash = CanonicalEvent.link(previous, StoredEvent.from(row));
      tamper(
          "update audit_seal set hash = $3, prev_hash = $4 where tenant_id = $1 and position = $2",
          Tuple.of(tenant, row.getLong("position"), Buffer.buffer(hash), Buffer.buffer(previous)));
      previous = hash;
    }
  }

  private static void tamper(String sql, Tuple args) {
    Await.result(
        pool.withTransaction(
            conn ->
                conn.query("set local session_replication_role = replica")
                    .execute()
                    .compose(r -> conn.preparedQuery(sql).execute(args))));
  }

  private static void sql(String sql, Tuple args) {
    Await.result(pool.preparedQuery(sql).execute(args));
  }

  private static List<Row> rows(String sql, Tuple args) {
    List<Row> rows = new ArrayList<>();
    Await.result(pool.preparedQuery(sql).execute(args)).forEach(rows::add);
    return rows;
  }
}
