package io.callproof.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.callproof.audit.AuditTrail;
import io.callproof.console.ConsoleUsers;
import io.callproof.support.Await;
import io.callproof.support.Helpdesk;
import io.vertx.sqlclient.Tuple;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code add-user}: a console user from the command line, the password never in argv. */
class AddUserCommandTest {

  private static Helpdesk helpdesk;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeAll
  static void start() throws Exception {
    helpdesk = Helpdesk.start();
  }

  @AfterAll
  static void stop() {
    helpdesk.close();
  }

  private int addUser(String passwordFromEnv, String stdin, String... args) {
    return UserCommands.addUser(
        helpdesk.service.settings(),
        args,
        passwordFromEnv,
        new BufferedReader(new StringReader(stdin)),
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private ConsoleUsers.Outcome signIn(String email, String password) {
    return Await.result(
            new ConsoleUsers(helpdesk.vertx, helpdesk.service.database().pool(), new AuditTrail())
                .signIn(email, password, helpdesk.clock.instant()))
        .outcome();
  }

  @Test
  void addUser_withThePasswordOnStdin_canSignIn_andOnlyAHashIsStored() {
    int status =
        addUser(
            null,
            "a long stdin password\n",
            "acme-msp",
            "Randy@Acme.example",
            "Randy Smith",
            "technician",
            "4821");

    assertThat(status).isZero();
    assertThat(signIn("randy@acme.example", "a long stdin password"))
        .isEqualTo(ConsoleUsers.Outcome.SIGNED_IN);
    assertThat(
            helpdesk
                .query(
                    "select password_hash from console_user where email = 'randy@acme.example'",
                    Tuple.tuple())
                .get(0)
                .getString(0))
        .startsWith("$2a$12$")
        .doesNotContain("stdin");
  }

  @Test
  void addUser_withThePasswordInTheEnvironment_canSignIn() {
    int status =
        addUser("an environment password", "", "acme-msp", "admin@acme.example", "Ada", "admin");

    assertThat(status).isZero();
    assertThat(signIn("admin@acme.example", "an environment password"))
        .isEqualTo(ConsoleUsers.Outcome.SIGNED_IN);
  }

  @Test
  void addUser_refusesAShortPassword_anUnknownTechnician_andABadRole() {
    int shortPassword = addUser("short", "", "acme-msp", "a@acme.example", "A", "admin");
    int noTechnician =
        addUser("long enough password", "", "acme-msp", "b@acme.example", "B", "technician", "9");
    int badRole = addUser("long enough password", "", "acme-msp", "c@acme.example", "C", "boss");

    assertThat(shortPassword).isEqualTo(1);
    assertThat(noTechnician).isEqualTo(1);
    assertThat(badRole).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("at least 12 characters", "has no technician '9'", "'boss' is not a role");
    assertThat(
            helpdesk.count(
                "select count(*) from console_user where email in"
                    + " ('a@acme.example', 'b@acme.example', 'c@acme.example')",
                Tuple.tuple()))
        .isZero();
  }
}
