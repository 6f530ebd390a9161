package io.callproof.support;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.util.UUID;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * A fresh, empty PostgreSQL database for one test class, on a real server: the one that {@code
 * CALLPROOF_TEST_DB_URL} names (CI uses the machine's PostgreSQL), or else an embedded PostgreSQL
 * started once per test run.
 */
public final class TestDatabase {

  private static EmbeddedPostgres embedded;
  private static PostgreSQLContainer container;

  private final String adminUrl;
  private final String name;

  private TestDatabase(String adminUrl, String name) {
    this.adminUrl = adminUrl;
    this.name = name;
  }

  /** Creates a database with a random name. */
  public static TestDatabase create(Vertx vertx) {
    String admin = adminUrl();
    String name = "callproof_test_" + UUID.randomUUID().toString().replace("-", "");
    Pool pool = pool(vertx, admin);
    try {
      Await.result(pool.query("create database " + name).execute());
    } finally {
      pool.close();
    }
    return new TestDatabase(admin, name);
  }

  /** A URL for this database. */
  public String url() {
    int slash = adminUrl.lastIndexOf('/');
    return adminUrl.substring(0, slash + 1) + name;
  }

  /** A URL for this database that logs in as {@code user} (the server must trust it). */
  public String urlAs(String user) {
    java.net.URI admin = java.net.URI.create(url());
    return admin.getScheme()
        + "://"
        + user
        + "@"
        + admin.getRawAuthority().replaceFirst(".*@", "")
        + admin.getRawPath();
  }

  /** Its name. */
  public String name() {
    return name;
  }

  /** Runs one statement on the server's admin database (outside this database). */
  public void admin(Vertx vertx, String sql) {
    onServer(vertx, sql);
  }

  /** Runs one statement on the test server's admin database, such as creating a role. */
  public static void onServer(Vertx vertx, String sql) {
    Pool pool = pool(vertx, adminUrl());
    try {
      Await.result(pool.query(sql).execute());
    } finally {
      pool.close();
    }
  }

  /** Drops the database, closing any connection left to it. */
  public void drop(Vertx vertx) {
    admin(vertx, "drop database if exists " + name + " with (force)");
  }

  /** A pool on this database, for a test's own checks. */
  public Pool pool(Vertx vertx) {
    return pool(vertx, url());
  }

  private static Pool pool(Vertx vertx, String url) {
    return PgBuilder.pool()
        .with(new PoolOptions().setMaxSize(2))
        .connectingTo(PgConnectOptions.fromUri(url))
        .using(vertx)
        .build();
  }

  private static synchronized String adminUrl() {
    String url = System.getenv("CALLPROOF_TEST_DB_URL");
    if (url != null && !url.isBlank()) {
      return url;
    }
    if (container == null
        && embedded == null
        && DockerClientFactory.instance().isDockerAvailable()) {
      container = new PostgreSQLContainer("postgres:15-alpine");
      container.start();
    }
    if (container != null) {
      return "postgresql://"
          + container.getUsername()
          + ":"
          + container.getPassword()
          + "@"
          + container.getHost()
          + ":"
          + container.getFirstMappedPort()
          + "/postgres";
    }
    if (embedded == null) {
      try {
        embedded = EmbeddedPostgres.builder().start();
      } catch (IOException e) {
        throw new IllegalStateException("cannot start embedded PostgreSQL", e);
      }
    }
    return "postgresql://postgres@localhost:" + embedded.getPort() + "/postgres";
  }
}
