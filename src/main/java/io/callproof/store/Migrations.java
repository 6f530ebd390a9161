package io.callproof.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the schema up to date at start-up. Migrations are SQL files on the class path under {@code
 * db/migration}, applied in order, each in its own transaction, under an advisory lock so that
 * nodes starting together apply each one once. A file's version is the number in its name ({@code
 * V3__audit_chain.sql} is version 3), so that branches numbering their migrations apart can be
 * merged without renumbering. A file changed after it was applied stops the start: the database
 * would no longer match the code.
 */
public final class Migrations {

  /** Every migration, by rising version. A new one is added at the end, never in between. */
  static final List<String> FILES =
      List.of(
          "V1__walking_skeleton.sql",
          "V2__asterisk.sql",
          "V3__audit_chain.sql",
          "V4__verification_engine.sql",
          "V5__outbound_calls.sql",
          "V6__console.sql",
          "V7__languages.sql",
          "V8__contact_import.sql",
          "V9__approval_signals.sql",
          "V12__seals_without_event_locks.sql");

  private static final Pattern FILE_NAME = Pattern.compile("V([1-9][0-9]*)__[a-z0-9_]+\\.sql");

  private static final Logger log = LoggerFactory.getLogger(Migrations.class);
  private static final long LOCK_ID = 0x43616c6c70726f6fL;

  private Migrations() {}

  /** Applies what is missing, with the owner's pool; completes when the schema is current. */
  public static Future<Void> apply(Pool ownerPool) {
    return ownerPool.withConnection(Migrations::applyLocked);
  }

  /**
   * Grants {@code runtimeRole} what the service needs, with the owner's pool, after {@link #apply}:
   * reading and writing the working tables, only inserting and reading the audit tables. Run at
   * every start, so that tables added since are covered.
   */
  public static Future<Void> grantRuntime(Pool ownerPool, String runtimeRole) {
    log.info("granting the runtime role {} its rights", runtimeRole);
    return ownerPool
        .preparedQuery("select callproof_grant_runtime($1)")
        .execute(Tuple.of(runtimeRole))
        .<Void>mapEmpty()
        .recover(
            e ->
                Future.failedFuture(
                    new IllegalStateException(
                        "cannot grant the runtime role "
                            + runtimeRole
                            + " its rights: "
                            + e.getMessage(),
                        e)));
  }

  private static Future<Void> applyLocked(SqlConnection conn) {
    return conn.query("select pg_advisory_lock(" + LOCK_ID + ")")
        .execute()
        .compose(r -> conn.query("select to_regclass('schema_migration') is null").execute())
        .compose(
            r ->
                r.iterator().next().getBoolean(0)
                    ? conn.query(
                            "create table schema_migration (version int primary key,"
                                + " file text not null, checksum text not null,"
                                + " applied_at timestamptz not null default now())")
                        .execute()
                        .mapEmpty()
                    : Future.<Void>succeededFuture())
        .compose(r -> applyFrom(conn, 0))
        .eventually(() -> conn.query("select pg_advisory_unlock(" + LOCK_ID + ")").execute());
  }

  private static Future<Void> applyFrom(SqlConnection conn, int index) {
    if (index == FILES.size()) {
      return Future.succeededFuture();
    }
    String file = FILES.get(index);
    int version = version(file);
    String sql = read(file);
    String checksum = sha256(sql);
    return conn.preparedQuery("select checksum from schema_migration where version = $1")
        .execute(Tuple.of(version))
        .compose(
            rows -> {
              if (rows.size() == 0) {
                return applyOne(conn, version, file, sql, checksum);
              }
              String applied = rows.iterator().next().getString(0);
              if (!applied.equals(checksum)) {
                return Future.failedFuture(
                    new IllegalStateException(
                        "migration "
                            + file
                            + " was changed after it was applied; restore it and add"
                            + " the change as a new migration"));
              }
              return Future.succeededFuture();
            })
        .compose(v -> applyFrom(conn, index + 1));
  }

  private static Future<Void> applyOne(
      SqlConnection conn, int version, String file, String sql, String checksum) {
    log.info("applying migration {}", file);
    return conn.begin()
        .compose(
            tx ->
                conn.query(sql)
                    .execute()
                    .compose(
                        r ->
                            conn.preparedQuery(
                                    "insert into schema_migration (version, file, checksum)"
                                        + " values ($1, $2, $3)")
                                .execute(Tuple.of(version, file, checksum)))
                    .compose(r -> tx.commit())
                    .recover(
                        e ->
                            tx.rollback()
                                .transform(
                                    x ->
                                        Future.<Void>failedFuture(
                                            new IllegalStateException(
                                                "migration " + file + " failed: " + e.getMessage(),
                                                e)))));
  }

  /** The version a migration file's name gives, checking that the list rises. */
  static int version(String file) {
    Matcher m = FILE_NAME.matcher(file);
    if (!m.matches()) {
      throw new IllegalStateException(
          "migration " + file + " is misnamed (expected V<number>__<words>.sql)");
    }
    int version = Integer.parseInt(m.group(1));
    int index = FILES.indexOf(file);
    if (index > 0 && version(FILES.get(index - 1)) >= version) {
      throw new IllegalStateException(
          "migration " + file + " is listed after one with the same or a higher version");
    }
    return version;
  }

  private static String read(String file) {
    String path = "db/migration/" + file;
    try (InputStream in = Migrations.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("migration " + path + " is missing from the class path");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String sha256(String text) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
