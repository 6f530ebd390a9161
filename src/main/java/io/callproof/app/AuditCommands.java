package io.callproof.app;

import io.callproof.audit.AuditExport;
import io.callproof.audit.AuditHead;
import io.callproof.audit.ChainCheck;
import io.callproof.audit.ChainReport;
import io.callproof.audit.HeadFiles;
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
    return DatabaseCommand.run(
        "audit-check",
        settings,
        err,
        (vertx, pool) -> {
          Optional<AuditHead> head;
          try {
            head =
                args.length == 3
                    ? Optional.of(HeadFiles.read(Path.of(args[2])))
                    : new HeadFiles(settings.auditHeadFolder()).read(tenantId);
          } catch (NoSuchFileException e) {
            err.println("head file " + e.getFile() + " does not exist");
            return 1;
          }
          ChainReport report = Main.await(new ChainCheck(pool).check(tenantId, head));
          out.println(report.describe());
          return report.intact() ? 0 : 1;
        });
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
    return DatabaseCommand.run(
        "audit-export",
        settings,
        err,
        (vertx, pool) -> {
          out.print(Main.await(new AuditExport(pool).export(args[0], from, to, format)));
          return 0;
        });
  }
}
