package io.callproof.app;

import io.callproof.audit.AuditExport;
import io.callproof.audit.AuditHead;
import io.callproof.audit.ChainCheck;
import io.callproof.audit.ChainReport;
import io.callproof.audit.HeadFiles;
import io.callproof.store.Database;
import io.vertx.core.Vertx;
import java.io.PrintStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code audit-check} and {@code audit-export} commands. Both only read, on the database the
 * service runs on ({@code CALLPROOF_DB_URL}), so the runtime role is enough.
 */
final class AuditCommands {

  private AuditCommands() {}

  /** Checks a tenant's chain; 0 when intact, 1 when broken or unreadable, 2 on bad usage. */
  static int check(Settings settings, String[] args, PrintStream out, PrintStream err) {
    if (args.length != 1 && !(args.length == 3 && "--head".equals(args[1]))) {
      return Main.usage(err);
    }
    String tenantId = args[0];
    if (settings.databaseUrl().isEmpty()) {
      err.println("audit-check needs CALLPROOF_DB_URL: the database the service runs on");
      return 2;
    }
    Vertx vertx = Vertx.vertx();
    Database db = Database.connect(vertx, settings.databaseUrl().get(), 2);
    try {
      HeadFiles heads = new HeadFiles(settings.auditHeadFolder());
      Optional<AuditHead> head =
          args.length == 3 ? Optional.of(HeadFiles.read(Path.of(args[2]))) : heads.read(tenantId);
      ChainReport report = Main.await(new ChainCheck(db.pool()).check(tenantId, head));
      out.println(report.describe());
      return report.intact() ? 0 : 1;
    } catch (NoSuchFileException e) {
      err.println("head file " + e.getFile() + " does not exist");
      return 1;
    } catch (Exception e) {
      err.println(Main.describe(e));
      return 1;
    } finally {
      db.close();
      vertx.close();
    }
  }

  /** Prints a tenant's events of a time range as CSV or JSON; 0 when done, 2 on bad usage. */
  static int export(Settings settings, String[] args, PrintStream out, PrintStream err) {
    if (args.length < 1 || args[0].startsWith("--")) {
      return Main.usage(err);
    }
    Map<String, String> options = new HashMap<>();
    for (int i = 1; i < args.length; i += 2) {
      if (i + 1 == args.length || !args[i].matches("--(from|to|format)")) {
        return Main.usage(err);
      }
      options.put(args[i].substring(2), args[i + 1]);
    }
    if (!options.containsKey("from") || !options.containsKey("to")) {
      return Main.usage(err);
    }
    Instant from;
    Instant to;
    AuditExport.Format format;
    try {
      from = AuditExport.time("--from", options.get("from"));
      to = AuditExport.time("--to", options.get("to"));
      format = AuditExport.Format.named(options.getOrDefault("format", "csv"));
    } catch (IllegalArgumentException e) {
      err.println(e.getMessage());
      return 2;
    }
    if (settings.databaseUrl().isEmpty()) {
      err.println("audit-export needs CALLPROOF_DB_URL: the database the service runs on");
      return 2;
    }
    Vertx vertx = Vertx.vertx();
    Database db = Database.connect(vertx, settings.databaseUrl().get(), 2);
    try {
      out.print(Main.await(new AuditExport(db.pool()).export(args[0], from, to, format)));
      return 0;
    } catch (Exception e) {
      err.println(Main.describe(e));
      return 1;
    } finally {
      db.close();
      vertx.close();
    }
  }
}
