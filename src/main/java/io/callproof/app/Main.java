package io.callproof.app;

import io.callproof.asterisk.PromptRenderer;
import io.callproof.audit.AuditTrail;
import io.callproof.console.ApiTokens;
import io.callproof.crypto.Key;
import io.callproof.crypto.Sealer;
import io.callproof.directory.TenantImport;
import io.callproof.flow.FlowError;
import io.callproof.phone.TerminalPhone;
import io.callproof.push.VapidKeys;
import io.callproof.store.Database;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The command line: {@code run} starts the service; {@code import FILE} creates a tenant from a
 * YAML file; {@code unlock} releases a contact's lock-out; {@code audit-check} and {@code
 * audit-export} read a tenant's audit trail. Settings come from the environment (see the README).
 */
public final class Main {

  private static final String USAGE =
      String.join(
          "\n",
          "usage: java -jar callproof.jar [run | import FILE.yaml | phone --from NUMBER"
              + " | unlock TENANT CONTACT_ID | audit-check TENANT | audit-export TENANT ..."
              + " | render-prompts --out DIR | help]",
          "  run              start the service (the default)",
          "  import FILE      create a tenant: its numbers, companies, contacts and technicians",
          "  phone --from N   play a call into a running demo from the terminal",
          "                   (--to NUMBER, --url http://localhost:8080 to change the defaults)",
          "  unlock TENANT CONTACT_ID",
          "                   release a contact's lock-out after repeated failed verifications",
          "  audit-check TENANT [--head FILE]",
          "                   check the tenant's audit chain against its last exported head",
          "                   (default: the tenant's file in CALLPROOF_AUDIT_HEAD_DIR)",
          "  audit-export TENANT --from TIME --to TIME [--format csv|json]",
          "                   print the tenant's audit events of [from, to); TIME is a UTC",
          "                   instant (2026-11-02T15:00:00Z) or a date (2026-11-02)",
          "  token TENANT TECHNICIAN_ID",
          "                   issue an API token for a technician (shown once)",
          "  add-user TENANT EMAIL NAME ROLE [TECHNICIAN_ID]",
          "                   add a console user (ROLE technician or admin); the password is",
          "                   read from CALLPROOF_NEW_USER_PASSWORD, or else the first line of",
          "                   standard input",
          "  vapid-keys       make a Web Push key pair for CALLPROOF_VAPID_*_KEY",
          "  render-prompts --out DIR",
          "                   write the 8 kHz sound files an Asterisk line plays: every prompt",
          "                   of every catalog, and the directory's names when CALLPROOF_DB_URL",
          "                   is set",
          "Settings come from CALLPROOF_* environment variables; see README.md.");

  private Main() {}

  public static void main(String[] args) {
    // gRPC (the Speech client) logs through java.util.logging: into the same log as the rest.
    org.slf4j.bridge.SLF4JBridgeHandler.removeHandlersForRootLogger();
    org.slf4j.bridge.SLF4JBridgeHandler.install();
    String command = args.length == 0 ? "run" : args[0];
    int status;
    try {
      status =
          switch (command) {
            case "run" -> run();
            case "import" -> args.length == 2 ? importFile(Path.of(args[1])) : usage(System.err);
            case "phone" -> phone(Arrays.copyOfRange(args, 1, args.length));
            case "unlock" ->
                LockCommands.unlock(
                    Settings.fromEnvironment(),
                    rest(args),
                    System.out,
                    System.err,
                    Clock.systemUTC());
            case "audit-check" ->
                AuditCommands.check(Settings.fromEnvironment(), rest(args), System.out, System.err);
            case "audit-export" ->
                AuditCommands.export(
                    Settings.fromEnvironment(), rest(args), System.out, System.err);
            case "render-prompts" ->
                args.length == 3 && "--out".equals(args[1])
                    ? renderPrompts(Settings.fromEnvironment(), Path.of(args[2]), System.out)
                    : usage(System.err);
            case "token" ->
                args.length == 3
                    ? issueToken(Settings.fromEnvironment(), args[1], args[2])
                    : usage(System.err);
            case "add-user" ->
                args.length == 5 || args.length == 6
                    ? UserCommands.addUser(
                        Settings.fromEnvironment(),
                        rest(args),
                        System.getenv("CALLPROOF_NEW_USER_PASSWORD"),
                        new BufferedReader(
                            new InputStreamReader(System.in, StandardCharsets.UTF_8)),
                        System.out,
                        System.err)
                    : usage(System.err);
            case "vapid-keys" -> vapidKeys();
            case "help", "--help", "-h" -> usage(System.out) - 2;
            default -> usage(System.err);
          };
    } catch (ConfigError e) {
      System.err.println(
          "Callproof cannot start; fix these settings:\n  " + e.getMessage().replace("\n", "\n  "));
      status = 2;
    }
    if (status != 0 || !"run".equals(command)) {
      System.exit(status);
    }
  }

  private static String[] rest(String[] args) {
    return Arrays.copyOfRange(args, 1, args.length);
  }

  static int usage(PrintStream out) {
    out.println(USAGE);
    return 2;
  }

  private static int run() {
    Settings settings = Settings.fromEnvironment();
    Vertx vertx = Vertx.vertx();
    Callproof service;
    try {
      service = await(Callproof.start(vertx, settings, Clock.systemUTC()));
    } catch (Exception e) {
      System.err.println("Callproof cannot start:\n  " + describe(e).replace("\n", "\n  "));
      vertx.close();
      return 1;
    }
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    await(service.stop().eventually(vertx::close));
                  } catch (Exception e) {
                    System.err.println("Callproof did not stop cleanly: " + e.getMessage());
                  }
                }));
    System.out.println(StartupBanner.text(service));
    return 0;
  }

  private static int phone(String[] args) {
    String from = null;
    String to = null;
    String url = "http://localhost:8080";
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--from" -> from = args[i + 1];
        case "--to" -> to = args[i + 1];
        case "--url" -> url = args[i + 1];
        default -> {
          return usage(System.err);
        }
      }
    }
    if (from == null) {
      return usage(System.err);
    }
    try {
      return new TerminalPhone(
              URI.create(url),
              System.out,
              new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)))
          .call(from, to);
    } catch (IOException e) {
      System.err.println("cannot reach " + url + ": " + e.getMessage());
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    }
  }

  /**
   * Writes the sound files of every prompt, and of the directory's names when a database is set,
   * into {@code out}.
   */
  static int renderPrompts(Settings settings, Path out, PrintStream report) {
    List<PromptRenderer.Name> names = List.of();
    if (settings.databaseUrl().isPresent()) {
      Vertx vertx = Vertx.vertx();
      try {
        String url = settings.databaseUrl().get();
        Database db = await(Database.open(vertx, url, settings.databaseOwnerUrl().orElse(url), 1));
        try {
          names = await(PromptRenderer.directoryNames(db.pool()));
        } finally {
          db.close();
        }
      } catch (Exception e) {
        System.err.println("cannot read the directory's names: " + describe(e));
        return 1;
      } finally {
        vertx.close();
      }
    }
    try {
      List<String> files =
          new PromptRenderer(settings.ttsCommand())
              .render(settings.ivrFolder(), Callproof.PROMPT_PARAMETERS, names, out);
      files.forEach(f -> report.println(out.resolve(f)));
      report.println(
          files.size()
              + " files written; copy "
              + out
              + " to the PBX's sounds folder as "
              + settings.asterisk().map(a -> a.sounds()).orElse("callproof")
              + " (see README, Connecting Asterisk)");
      return 0;
    } catch (IOException e) {
      System.err.println("render-prompts failed: " + e.getMessage());
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    }
  }

  private static int vapidKeys() {
    VapidKeys keys = VapidKeys.generate();
    System.out.println("CALLPROOF_VAPID_PUBLIC_KEY=" + keys.publicKeyBase64Url());
    System.out.println("CALLPROOF_VAPID_PRIVATE_KEY=" + keys.privateKeyBase64Url());
    return 0;
  }

  private static int issueToken(Settings settings, String tenant, String technician) {
    return DatabaseCommand.run(
        "token",
        settings,
        System.err,
        (vertx, pool) -> {
          Instant now = Clock.systemUTC().instant();
          System.out.println(
              await(ApiTokens.issue(pool, new AuditTrail(), tenant, technician, now)));
          return 0;
        });
  }

  private static int importFile(Path file) {
    Settings settings = Settings.fromEnvironment();
    if (settings.databaseUrl().isEmpty()) {
      System.err.println("import needs CALLPROOF_DB_URL: the database the service runs on");
      return 2;
    }
    Vertx vertx = Vertx.vertx();
    try {
      Key installation =
          settings.installationKey().orElseGet(() -> demoKeys(settings).installation());
      String yaml = Files.readString(file);
      TenantImport importer = new TenantImport(new Sealer(installation), System::getenv);
      TenantImport.Plan plan =
          importer.check(
              file.toString(),
              yaml,
              settings
                  .demoTwilioAccount()
                  .map(
                      a ->
                          new TenantImport.TwilioAccountSetting(
                              a.accountSid(), a.authToken(), a.from())),
              settings.mode() == Settings.Mode.DEMO);
      String url = settings.databaseUrl().get();
      Database db = await(Database.open(vertx, url, settings.databaseOwnerUrl().orElse(url), 2));
      try {
        await(importer.write(db.pool(), plan, new AuditTrail(), Clock.systemUTC().instant()));
      } finally {
        db.close();
      }
      System.out.println(
          "imported tenant "
              + plan.id()
              + ": "
              + plan.companies().size()
              + " companies, "
              + plan.technicians().size()
              + " technicians, numbers "
              + String.join(", ", plan.numbers().keySet()));
      return 0;
    } catch (Exception e) {
      System.err.println(describe(e));
      return 1;
    } finally {
      vertx.close();
    }
  }

  private static DemoSecrets.Values demoKeys(Settings settings) {
    try {
      return DemoSecrets.loadOrCreate(settings.dataFolder());
    } catch (IOException e) {
      throw new IllegalStateException("cannot read demo secrets: " + e.getMessage(), e);
    }
  }

  static String describe(Throwable e) {
    Throwable cause = e;
    while ((cause instanceof java.util.concurrent.ExecutionException
            || cause instanceof java.util.concurrent.CompletionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof FlowError
        || cause instanceof TenantImport.ImportError
        || cause instanceof IllegalArgumentException) {
      return cause.getMessage();
    }
    return cause.toString()
        + Arrays.stream(cause.getStackTrace())
            .limit(3)
            .map(f -> "\n    at " + f)
            .reduce("", String::concat);
  }

  static <T> T await(Future<T> future) throws Exception {
    CompletableFuture<T> done = future.toCompletionStage().toCompletableFuture();
    return done.get(120, TimeUnit.SECONDS);
  }
}
