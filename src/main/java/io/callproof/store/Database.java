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

  private final Pool pool;
  private final EmbeddedPostgres embedded;

  private Database(Pool pool, EmbeddedPostgres embedded) {
    this.pool = pool;
    this.embedded = embedded;
  }

  /** The pool every part of the service queries through. */
  public Pool pool() {
    return pool;
  }

  /**
   * Opens the runtime pool on {@code url} after migrating the schema with {@code ownerUrl}.
   *
   * @param url a {@code postgresql://user:password@host:port/database} URL for the service
   * @param ownerUrl the same for the role that owns the schema; may equal {@code url}
   */
  public static Future<Database> open(Vertx vertx, String url, String ownerUrl, int poolSize) {
    Pool owner = pool(vertx, ownerUrl, 1);
    return Migrations.apply(owner)
        .eventually(owner::close)
        .map(v -> new Database(pool(vertx, url, poolSize), null));
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
                  .map(v -> new Database(pool(vertx, url, poolSize), pg))
                  .onFailure(e -> closeQuietly(pg));
            });
  }

  private static EmbeddedPostgres startEmbedded(Path folder) throws IOException {
    Files.createDirectories(folder);
    log.info("starting embedded PostgreSQL in {}", folder);
    return EmbeddedPostgres.builder().setDataDirectory(folder).setCleanDataDirectory(false).start();
  }

  static Pool pool(Vertx vertx, String url, int size) {
    PgConnectOptions connect;
    try {
      connect = PgConnectOptions.fromUri(url);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "database URL is not valid (expected postgresql://user:password@host:port/database): "
              + e.getMessage(),
          e);
    }
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
