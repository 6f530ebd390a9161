package io.callproof.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.callproof.support.Await;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.postgresql.PostgreSQLContainer;

/** The schema migrates on a PostgreSQL container where a Docker engine runs; skipped elsewhere. */
@Testcontainers(disabledWithoutDocker = true)
class ContainerDatabaseTest {

  @Container
  private static final PostgreSQLContainer POSTGRES = new PostgreSQLContainer("postgres:15-alpine");

  @Test
  void migrations_applyOnAFreshContainerAndAgainAsANoOp() {
    Vertx vertx = Vertx.vertx();
    String url =
        "postgresql://"
            + POSTGRES.getUsername()
            + ":"
            + POSTGRES.getPassword()
            + "@"
            + POSTGRES.getHost()
            + ":"
            + POSTGRES.getFirstMappedPort()
            + "/"
            + POSTGRES.getDatabaseName();
    try {
      Database first = Await.result(Database.open(vertx, url, url, 1));
      first.close();
      Database again = Await.result(Database.open(vertx, url, url, 1));
      Pool pool = again.pool();

      long applied =
          Await.result(pool.query("select count(*) from schema_migration").execute())
              .iterator()
              .next()
              .getLong(0);

      assertThat(applied).isEqualTo(Migrations.FILES.size());
      again.close();
    } finally {
      Await.result(vertx.close());
    }
  }
}
