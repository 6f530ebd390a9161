package io.callproof.store;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL pool the service runs on, and where it comes from: a configured server, or in demo
 * mode an embedded PostgreSQL kept in the data folder.
 */
public final class Database implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Database.class);

  /** The most turns one shared transaction takes; see {@link GroupCommit}. */
  static final int BATCH_UNITS = 64;

  private final Pool pool;
  private final GroupCommit commits;
  private final PgConnectOptions connectOptions;
  private final EmbeddedPostgres embedded;

  private Database(Pool pool, int poolSize, String url, EmbeddedPostgres embedded) {
    this.pool = pool;
    this.commits = new GroupCommit(pool, batches(poolSize), BATCH_UNITS);
    this.connectOptions = options(url);
    this.embedded = embedded;
  }

  /**
   * Shared transactions take half the pool (at least one connection), so that the outbox, the
   * sealer and the console always find a connection beside them.
   */
  static int batches(int poolSize) {
    return Math.max(1, poolSize / 2);
  }

  /**
   * A fresh copy of the runtime connection's options, for a connection of its own such as a {@code
   * LISTEN}ing subscriber.
   */
  public PgConnectOptions connectOptions() {
    return new PgConnectOptions(connectOptions);
  }

  /** The pool every part of the service queries through. */
  public Pool pool() {
    return pool;
  }

  /** Transactions shared by the turns of many calls, over this database's pool. */
  public GroupCommit commits() {
    return commits;
  }

  /**
   * Opens the runtime pool on {@code url} after migrating the schema with {@code ownerUrl}. When
   * the two name different users, the owner then grants the runtime user its rights.
   *
   * @param url a {@code postgresql://user:password@host:port/database} URL for the service
   * @param ownerUrl the same for the role that owns the schema; may equal {@code url}
   */
  public static Future<Database> open(Vertx vertx, String url, String ownerUrl, int poolSize) {
    String runtimeUser;
    boolean sameUser;
    try {
      runtimeUser = user(url);
      sameUser = runtimeUser.equals(user(ownerUrl));
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    Pool owner = pool(vertx, ownerUrl, 1);
    return Migrations.apply(owner)
        .compose(
            v ->
                sameUser
                    ? Future.<Void>succeededFuture()
                    : Migrations.grantRuntime(owner, runtimeUser))
        .eventually(owner::close)
        .map(v -> new Database(pool(vertx, url, poolSize), poolSize, url, null));
  }

  /**
   * Opens a pool on {@code url} without touching the schema, for commands that only read.
   *
   * @param url a {@code postgresql://user:password@host:port/database} URL
   */
  public static Database connect(Vertx vertx, String url, int poolSize) {
    return new Database(pool(vertx, url, poolSize), poolSize, url, null);
  }

  private static String user(String url) {
    return options(url).getUser();
  }

  /** Starts (or reuses) an embedded PostgreSQL under {@code dataFolder}, for demo mode only. */
  public static Future<Database> openEmbedded(Vertx vertx, Path dataFolder, int poolSize) {
    return vertx
        .executeBlocking(() -> startEmbedded(dataFolder.resolve("postgres")))
        .compose(
            pg -> {
              String url = "postgresql://postgres@localhost:" + pg.getPort() + "/postgres";
              Pool owner = pool(vertx, url, 1);
              return Migrations.apply(owner)
                  .eventually(owner::close)
                  .map(v -> new Database(pool(vertx, url, poolSize), poolSize, url, pg))
                  .onFailure(e -> closeQuietly(pg));
            });
  }

  private static EmbeddedPostgres startEmbedded(Path folder) throws IOException {
    Files.createDirectories(folder);
    log.info("starting embedded PostgreSQL in {}", folder);
    return EmbeddedPostgres.builder().setDataDirectory(folder).setCleanDataDirectory(false).start();
  }

  private static PgConnectOptions options(String url) {
    try {
      return PgConnectOptions.fromUri(url);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "database URL is not valid (expected postgresql://user:password@host:port/database): "
              + e.getMessage(),
          e);
    }
  }

  static Pool pool(Vertx vertx, String url, int size) {
    PgConnectOptions connect = options(url);
    connect.setCachePreparedStatements(true).setPipeliningLimit(256);
    return PgBuilder.pool()
        .with(
            new PoolOptions()
                .setMaxSize(size)
                .setMaxWaitQueueSize(10_000)
                .setConnectionTimeout(10)
                .setConnectionTimeoutUnit(java.util.concurrent.TimeUnit.SECONDS))
        .connectingTo(connect)
        .using(vertx)
        .build();
  }

  @Override
  public void close() {
    pool.close();
    if (embedded != null) {
      closeQuietly(embedded);
    }
  }

  private static void closeQuietly(EmbeddedPostgres pg) {
    try {
      pg.close();
    } catch (IOException e) {
      log.warn("embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
    }
  }
}
