package io.callproof.app;

import io.callproof.audit.AuditTrail;
import io.callproof.console.ConsoleUsers;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Clock;

/** {@code add-user}: adds a console user. The password never comes from the command line. */
final class UserCommands {

  private UserCommands() {}

  /**
   * Adds a console user to a tenant.
   *
   * @param args tenant id, email, name, role ({@code technician} or {@code admin}) and optionally
   *     the technician id the user is
   * @param passwordFromEnv {@code CALLPROOF_NEW_USER_PASSWORD}, or {@code null} to read the first
   *     line of {@code stdin}
   * @return 0 when added, 1 when refused (the message says why), 2 on bad usage
   */
  static int addUser(
      Settings settings,
      String[] args,
      String passwordFromEnv,
      BufferedReader stdin,
      PrintStream out,
      PrintStream err) {
    if (args.length != 4 && args.length != 5) {
      return Main.usage(err);
    }
    return DatabaseCommand.run(
        "add-user",
        settings,
        err,
        (vertx, pool) -> {
          String password = passwordFromEnv;
          try {
            if (password == null) {
              password = stdin.readLine();
            }
          } catch (IOException e) {
            err.println("cannot read the password from standard input: " + e.getMessage());
            return 2;
          }
          if (password == null) {
            err.println(
                "no password: set CALLPROOF_NEW_USER_PASSWORD or give it on the first line of"
                    + " input");
            return 2;
          }
          Main.await(
              new ConsoleUsers(vertx, pool, new AuditTrail())
                  .add(
                      args[0],
                      args[1],
                      args[2],
                      args[3],
                      args.length == 5 ? args[4] : null,
                      password,
                      Clock.systemUTC().instant()));
          out.println("added " + args[1] + " to " + args[0] + " as " + args[3]);
          return 0;
        });
  }
}
