package io.callproof.app;

import io.callproof.store.Database;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.io.PrintStream;

/**
 * The frame of a command that works on the database the service runs on ({@code CALLPROOF_DB_URL}):
 * it refuses to start without that setting, opens a small pool, turns a failure into its message
 * and exit status 1, and closes everything whatever happens.
 */
final class DatabaseCommand {

  /** A command's work on an open pool; returns the command's exit status. */
  @FunctionalInterface
  interface Work {
    int run(Vertx vertx, Pool pool) throws Exception;
  }

  private DatabaseCommand() {}

  /**
   * @param command the command's name, as typed, for the message when the database is not set
   * @return the work's exit status; 1 when it failed, 2 when {@code CALLPROOF_DB_URL} is not set
   */
  static int run(String command, Settings settings, PrintStream err, Work work) {
    if (settings.databaseUrl().isEmpty()) {
      err.println(command + " needs CALLPROOF_DB_URL: the database the service runs on");
      return 2;
    }
    Vertx vertx = Vertx.vertx();
    Database db = Database.connect(vertx, settings.databaseUrl().get(), 2);
    try {
      return work.run(vertx, db.pool());
    } catch (Exception e) {
      err.println(Main.describe(e));
      return 1;
    } finally {
      db.close();
      vertx.close();
    }
  }
}
