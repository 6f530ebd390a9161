package io.callproof.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The database of one run: created fresh on the given server at the start, dropped at the end, so
 * that runs do not see each other's rows.
 */
final class BenchDatabase {

  private final Vertx vertx;
  private final String adminUrl;
  private final String name;
  private Pool checks;

  private BenchDatabase(Vertx vertx, String adminUrl, String name) {
    this.vertx = vertx;
    this.adminUrl = adminUrl;
    this.name = name;
  }

  /** Creates a database with a random name beside the one {@code adminUrl} names. */
  static Future<BenchDatabase> create(Vertx vertx, String adminUrl) {
    byte[] random = new byte[6];
    ThreadLocalRandom.current().nextBytes(random);
    BenchDatabase db =
        new BenchDatabase(vertx, adminUrl, "callproof_bench_" + HexFormat.of().formatHex(random));
    return db.admin("create database " + db.name).map(db);
  }

  /** A URL for this run's database, with the admin URL's user, host and options. */
  String url() {
    int query = adminUrl.indexOf('?');
    String path = query < 0 ? adminUrl : adminUrl.substring(0, query);
    String options = query < 0 ? "" : adminUrl.substring(query);
    return path.substring(0, path.lastIndexOf('/') + 1) + name + options;
  }

  String name() {
    return name;
  }

  /** Runs one statement on this run's database. */
  Future<Void> execute(String sql) {
    return checks().query(sql).execute().mapEmpty();
  }

  /** Audit events the service stamped at or after {@code from} and before {@code to}. */
  Future<Long> auditEventsBetween(Instant from, Instant to) {
    return checks()
        .preparedQuery("select count(*) from audit_event where at >= $1 and at < $2")
        .execute(Tuple.of(from.atOffset(ZoneOffset.UTC), to.atOffset(ZoneOffset.UTC)))
        .map(rows -> rows.iterator().next().getLong(0));
  }

  /** Drops the database, closing connections still open to it. */
  Future<Void> drop() {
    Future<Void> closed = checks == null ? Future.succeededFuture() : checks.close();
    return closed.eventually(() -> admin("drop database if exists " + name + " with (force)"));
  }

  private Pool checks() {
    if (checks == null) {
      checks = pool(url());
    }
    return checks;
  }

  private Future<Void> admin(String sql) {
    Pool pool = pool(adminUrl);
    return pool.query(sql).execute().<Void>mapEmpty().eventually(pool::close);
  }

  private Pool pool(String url) {
    return PgBuilder.pool()
        .with(new PoolOptions().setMaxSize(1))
        .connectingTo(PgConnectOptions.fromUri(url))
        .using(vertx)
        .build();
  }
}
