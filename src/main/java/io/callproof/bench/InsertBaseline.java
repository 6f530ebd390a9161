package io.callproof.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.PreparedQuery;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The database's own rate of single-row inserts, each its own transaction, into a table shaped like
 * {@code audit_event}: the ceiling that Callproof's audit writes are quoted against. It runs {@code
 * pgbench} when installed (or asked for), else the same load through vertx-pg-client from this JVM.
 */
final class InsertBaseline {

  /**
   * @param tool {@code pgbench} or {@code vertx-pg-client}
   * @param connections simultaneous connections, each inserting one row per transaction
   * @param insertsPerSecond committed inserts per second
   */
  record Result(String tool, int connections, double seconds, double insertsPerSecond) {

    JsonObject toJson() {
      return new JsonObject()
          .put("tool", tool)
          .put("connections", connections)
          .put("seconds", seconds)
          .put("inserts_per_second", Math.round(insertsPerSecond));
    }
  }

  static final String TABLE =
      "create table bench_insert (tenant_id text not null, id bigserial not null,"
          + " at timestamptz not null, kind text not null, call_sid text, contact_id uuid,"
          + " data jsonb not null, primary key (tenant_id, id));"
          + " create index bench_insert_by_call on bench_insert (tenant_id, call_sid)";

  private static final String PGBENCH_INSERT =
      "insert into bench_insert (tenant_id, at, kind, call_sid, contact_id, data)"
          + " values ('bench-msp', now(), 'code-checked', 'CA' || md5(random()::text),"
          + " gen_random_uuid(), '{\"verification\": \"bench\", \"result\": \"right\"}');\n";
  private static final String INSERT =
      "insert into bench_insert (tenant_id, at, kind, call_sid, contact_id, data)"
          + " values ($1, $2, $3, $4, $5, $6)";
  private static final Pattern TPS = Pattern.compile("tps = ([0-9.]+)");

  private InsertBaseline() {}

  /** Whether {@code pgbench} is on the PATH. */
  static boolean pgbenchInstalled() {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String dir : path.split(java.io.File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, "pgbench"))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Runs {@code pgbench} against {@code url} for {@code seconds}, blocking the calling thread.
   *
   * @throws IOException when pgbench cannot run or fails, with its output
   */
  static Result pgbench(String url, int connections, int seconds)
      throws IOException, InterruptedException {
    Path script = Files.createTempFile("callproof-bench-insert", ".sql");
    try {
      Files.writeString(script, PGBENCH_INSERT);
      List<String> command = new ArrayList<>(List.of("pgbench", "-n", "-M", "prepared"));
      command.addAll(
          List.of(
              "-c",
              Integer.toString(connections),
              "-j",
              Integer.toString(Math.min(connections, 2)),
              "-T",
              Integer.toString(seconds),
              "-f",
              script.toString(),
              url));
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output;
      try (var in = process.getInputStream()) {
        output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      if (!process.waitFor(seconds + 60L, TimeUnit.SECONDS) || process.exitValue() != 0) {
        process.destroyForcibly();
        throw new IOException("pgbench failed:\n" + output);
      }
      Matcher tps = TPS.matcher(output);
      if (!tps.find()) {
        throw new IOException("pgbench printed no tps figure:\n" + output);
      }
      return new Result("pgbench", connections, seconds, Double.parseDouble(tps.group(1)));
    } finally {
      Files.deleteIfExists(script);
    }
  }

  /** The same load from this JVM: each connection inserts one row at a time until time is up. */
  static Future<Result> vertx(Vertx vertx, String url, int connections, int seconds) {
    Pool pool =
        PgBuilder.pool()
            .with(new PoolOptions().setMaxSize(connections))
            .connectingTo(PgConnectOptions.fromUri(url))
            .using(vertx)
            .build();
    LongAdder inserted = new LongAdder();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    List<Future<Void>> loops = new ArrayList<>();
    for (int i = 0; i < connections; i++) {
      loops.add(
          pool.getConnection()
              .compose(
                  conn ->
                      insertUntil(conn.preparedQuery(INSERT), deadline, inserted)
                          .eventually(conn::close)));
    }
    return Future.all(loops)
        .map(
            done ->
                new Result(
                    "vertx-pg-client", connections, seconds, inserted.sum() / (double) seconds))
        .eventually(pool::close);
  }

  private static Future<Void> insertUntil(
      PreparedQuery<RowSet<Row>> insert, long deadline, LongAdder inserted) {
    Promise<Void> done = Promise.promise();
    insertNext(insert, deadline, inserted, done);
    return done.future();
  }

  private static void insertNext(
      PreparedQuery<RowSet<Row>> insert, long deadline, LongAdder inserted, Promise<Void> done) {
    if (System.nanoTime() >= deadline) {
      done.complete();
      return;
    }
    Tuple row =
        Tuple.of(
            BenchTenant.ID,
            OffsetDateTime.now(ZoneOffset.UTC),
            "code-checked",
            "CA" + UUID.randomUUID().toString().replace("-", ""),
            UUID.randomUUID(),
            new JsonObject().put("verification", "bench").put("result", "right"));
    insert
        .execute(row)
        .onSuccess(
            r -> {
              inserted.increment();
              insertNext(insert, deadline, inserted, done);
            })
        .onFailure(done::fail);
  }
}
