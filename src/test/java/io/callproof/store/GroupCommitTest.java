package io.callproof.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callproof.support.Await;
import io.callproof.support.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Units of work from many callers sharing transactions, on a real PostgreSQL. */
class GroupCommitTest {

  private static Vertx vertx;
  private static TestDatabase db;
  private static Pool pool;

  @BeforeAll
  static void createTable() {
    vertx = Vertx.vertx();
    db = TestDatabase.create(vertx);
    pool = db.pool(vertx);
    Await.result(
        pool.query("create table note (id text primary key, xid text not null)").execute());
  }

  @AfterAll
  static void dropDatabase() {
    pool.close();
    db.drop(vertx);
    Await.result(vertx.close());
  }

  @BeforeEach
  void emptyTable() {
    Await.result(pool.query("delete from note").execute());
  }

  @Test
  void run_manyUnitsAtOnce_shareTransactionsAndAllCommit() {
    GroupCommit commits = new GroupCommit(pool, 1, 64);
    List<Future<String>> units = new ArrayList<>();

    for (int i = 0; i < 40; i++) {
      String id = "n" + i;
      units.add(commits.run(id, conn -> note(conn, id)));
    }
    List<String> xids = new ArrayList<>();
    units.forEach(u -> xids.add(Await.result(u)));

    assertThat(rows()).isEqualTo(40);
    assertThat(new HashSet<>(xids).size()).isLessThan(40);
  }

  @Test
  void run_resultArrives_onlyOnceItsWriteIsVisibleToOthers() {
    GroupCommit commits = new GroupCommit(pool, 2, 64);
    List<Future<Long>> seen = new ArrayList<>();

    for (int i = 0; i < 10; i++) {
      String id = "v" + i;
      Future<Long> visible =
          commits
              .run(id, conn -> note(conn, id))
              .compose(
                  xid ->
                      pool.preparedQuery("select count(*) from note where id = $1")
                          .execute(Tuple.of(id))
                          .map(r -> r.iterator().next().getLong(0)));
      seen.add(visible);
    }

    seen.forEach(s -> assertThat(Await.result(s)).isEqualTo(1L));
  }

  @Test
  void run_whenOneUnitFails_itsWritesRollBackAndTheOthersCommitOnARerun() {
    GroupCommit commits = new GroupCommit(pool, 1, 64);
    Promise<Void> gate = Promise.promise();
    Future<String> holding =
        commits.run("gate", conn -> gate.future().compose(v -> note(conn, "g")));

    Future<String> failing =
        commits.run(
            "bad",
            conn ->
                note(conn, "bad")
                    .compose(
                        x -> Future.<String>failedFuture(new IllegalStateException("broken"))));
    List<Future<String>> good = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      String id = "ok" + i;
      good.add(commits.run(id, conn -> note(conn, id)));
    }
    gate.complete();

    Await.result(holding);
    good.forEach(Await::result);
    assertThatThrownBy(() -> Await.result(failing)).hasMessageContaining("broken");
    assertThat(ids()).containsExactlyInAnyOrder("g", "ok0", "ok1", "ok2");
  }

  @Test
  void run_unitsOfOneKey_neverShareABatchAndKeepTheirOrder() {
    GroupCommit commits = new GroupCommit(pool, 1, 64);
    Promise<Void> gate = Promise.promise();
    Future<String> holding =
        commits.run("gate", conn -> gate.future().compose(v -> note(conn, "g")));
    List<String> order = new CopyOnWriteArrayList<>();

    Future<String> first =
        commits.run("call-1", conn -> note(conn, "a1").onSuccess(x -> order.add("a1")));
    Future<String> second =
        commits.run("call-1", conn -> note(conn, "a2").onSuccess(x -> order.add("a2")));
    Future<String> other = commits.run("call-2", conn -> note(conn, "b"));
    gate.complete();

    Await.result(holding);
    Set<String> xids = Set.of(Await.result(first), Await.result(second));
    assertThat(xids).hasSize(2);
    assertThat(Await.result(other)).isEqualTo(Await.result(first));
    assertThat(order).containsExactly("a1", "a2");
  }

  /** Inserts a row and yields the id of the transaction that did it. */
  private static Future<String> note(SqlConnection conn, String id) {
    return conn.preparedQuery(
            "insert into note (id, xid) values ($1, pg_current_xact_id()::text) returning xid")
        .execute(Tuple.of(id))
        .map(r -> r.iterator().next().getString(0));
  }

  private static long rows() {
    return Await.result(pool.query("select count(*) from note").execute())
        .iterator()
        .next()
        .getLong(0);
  }

  private static List<String> ids() {
    List<String> ids = new ArrayList<>();
    Await.result(pool.query("select id from note").execute()).forEach(r -> ids.add(r.getString(0)));
    return ids;
  }
}
