package io.callproof.asterisk;

import static io.callproof.support.Helpdesk.DANA_MOBILE;
import static org.assertj.core.api.Assertions.assertThat;

import io.callproof.app.Callproof;
import io.callproof.support.AgiPeer;
import io.callproof.support.Api;
import io.callproof.support.Await;
import io.callproof.support.Helpdesk;
import io.callproof.verify.ApprovalSignals;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A call held on one node for a push approval learns of the answer through PostgreSQL's {@code
 * LISTEN/NOTIFY}, wherever it was given, and reads the approval only when told to: hold segments in
 * between do not touch it. A lost notification only delays the answer until the re-check (60
 * seconds here), a forged one decides nothing, and a listening connection that comes back makes
 * every waiting call read again. Approvals live 30 seconds here, so that their end can be told
 * apart from the re-check. Dana has no enrolled phone and the policy offers push only, so the
 * approval link comes by text.
 */
class ApprovalAcrossNodesTest {

  private static final int MAX_SEGMENTS = 200;

  private static Helpdesk helpdesk;
  private static Pool admin;

  @BeforeAll
  static void start() throws Exception {
    helpdesk =
        Helpdesk.withAsterisk(
            Map.of(
                "CALLPROOF_METHODS", "push",
                "CALLPROOF_PUBLIC_URL", "https://callproof.test",
                "CALLPROOF_APPROVAL_TTL_SECONDS", "30",
                "CALLPROOF_APPROVAL_RECHECK_SECONDS", "60"));
    admin = helpdesk.database.pool(helpdesk.vertx);
  }

  @AfterAll
  static void stop() {
    admin.close();
    helpdesk.close();
  }

  @BeforeEach
  void nextTest() {
    helpdesk.nextTest();
  }

  private static ApprovalSignals signals() {
    return helpdesk.service.approvalSignals();
  }

  /** A call from Dana that has been through its first hold segment, so its approval was read. */
  private static AgiPeer callReadOnce() throws IOException {
    AgiPeer call = helpdesk.agiCall(DANA_MOBILE);
    call.until(c -> c.startsWith("WAIT FOR DIGIT"));
    call.reply("200 result=0");
    call.until(c -> c.startsWith("WAIT FOR DIGIT"));
    return call;
  }

  private static UUID verificationOf(AgiPeer call) {
    return helpdesk
        .query("select id from verification where call_sid = $1", Tuple.of(call.callSid()))
        .get(0)
        .getUUID(0);
  }

  private static String matchNumber(AgiPeer call) {
    int at = call.heard().indexOf("callproof/en-US/push-sent-0");
    return call.heard().get(at + 1).replace("digits:", "");
  }

  /**
   * Ends the segment under way with silence and plays on until the call is handed to the dialplan,
   * at most {@link #MAX_SEGMENTS} more segments.
   *
   * @return how many segments were played after the one under way
   */
  private static int holdUntilHandedOver(AgiPeer call) throws IOException {
    for (int segments = 0; segments < MAX_SEGMENTS; segments++) {
      call.reply("200 result=0");
      String next =
          call.until(c -> c.startsWith("WAIT FOR DIGIT") || c.contains("CALLPROOF_TARGETS"));
      if (!next.startsWith("WAIT FOR DIGIT")) {
        call.reply("200 result=1");
        call.toEnd();
        return segments;
      }
    }
    throw new AssertionError("still on hold after " + MAX_SEGMENTS + " segments");
  }

  /** Ends the segment under way with silence; fails unless the next command is another segment. */
  private static void stillHeld(AgiPeer call) throws IOException {
    call.reply("200 result=0");
    String next =
        call.until(c -> c.startsWith("WAIT FOR DIGIT") || c.contains("CALLPROOF_TARGETS"));
    assertThat(next).startsWith("WAIT FOR DIGIT");
  }

  /** Answers the verification as decided without the trigger, as if its notification were lost. */
  private static void approveUnheard(UUID verification) {
    Await.result(
        admin.withTransaction(
            tx ->
                tx.query("set local session_replication_role = replica")
                    .execute()
                    .compose(
                        r ->
                            tx.preparedQuery(
                                    "update verification set status = 'verified',"
                                        + " decided_at = now() where id = $1")
                                .execute(Tuple.of(verification)))));
  }

  @Test
  void approvalAnsweredOnAnotherNode_reachesTheCallHeldHere_whichReadsItOnlyOnceTold()
      throws IOException {
    Callproof other = helpdesk.anotherNode();
    try {
      AgiPeer call = callReadOnce();
      UUID verification = verificationOf(call);
      SqlConnection blocker = Await.result(admin.getConnection());
      Transaction locked = Await.result(blocker.begin());
      Await.result(
          blocker
              .preparedQuery("select 1 from verification where id = $1 for update")
              .execute(Tuple.of(verification)));
      stillHeld(call);
      stillHeld(call);
      stillHeld(call);
      Await.result(locked.rollback());
      Await.result(blocker.close());
      long readsBefore = signals().reads();

      String path = URI.create(helpdesk.linkTextedTo(DANA_MOBILE)).getPath();
      int page =
          new Api(other.port(), null)
              .postRaw(
                  path,
                  "application/x-www-form-urlencoded",
                  "action=approve&number=" + matchNumber(call))
              .status();
      holdUntilHandedOver(call);

      assertThat(page).isEqualTo(200);
      assertThat(call.variables())
          .containsEntry("CALLPROOF_BADGE", "verified")
          .containsEntry("CALLPROOF_METHOD", "push");
      assertThat(signals().reads() - readsBefore).isEqualTo(1);
    } finally {
      Await.result(other.stop());
    }
  }

  @Test
  void lostNotification_onlyDelaysTheAnswer_untilTheRecheck() throws IOException {
    AgiPeer call = callReadOnce();

    approveUnheard(verificationOf(call));
    stillHeld(call);
    stillHeld(call);
    helpdesk.clock.advance(Duration.ofSeconds(60));
    int segments = holdUntilHandedOver(call);

    assertThat(segments).isZero();
    assertThat(call.variables()).containsEntry("CALLPROOF_BADGE", "verified");
  }

  @Test
  void forgedNotification_makesTheCallReadTheApproval_whichStillWaits() throws IOException {
    AgiPeer call = callReadOnce();
    UUID verification = verificationOf(call);
    long readsBefore = signals().reads();

    Await.result(
        admin
            .preparedQuery("select pg_notify($1, $2)")
            .execute(
                Tuple.of(
                    "approval_answered",
                    new JsonObject()
                        .put("tenant", "acme-msp")
                        .put("verification", verification.toString())
                        .encode())));
    Await.until(
        () -> {
          try {
            stillHeld(call);
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
          return signals().reads() > readsBefore ? true : null;
        },
        Duration.ofSeconds(10),
        "the forged notification to make the call read its approval");
    stillHeld(call);
    call.hangUp().toEnd();

    assertThat(
            helpdesk
                .query("select status from verification where id = $1", Tuple.of(verification))
                .get(0)
                .getString(0))
        .isEqualTo("abandoned");
    assertThat(call.variables()).doesNotContainKey("CALLPROOF_BADGE");
  }

  @Test
  void approvalPastItsLifetime_isReadWithoutANotification_andFailsAsExpired() throws IOException {
    AgiPeer call = callReadOnce();

    helpdesk.clock.advance(Duration.ofSeconds(31));
    int segments = holdUntilHandedOver(call);

    assertThat(segments).isZero();
    assertThat(call.variables())
        .containsEntry("CALLPROOF_BADGE", "failed")
        .containsEntry("CALLPROOF_REASON", "approval-expired");
  }

  @Test
  void listeningConnectionBack_makesEveryWaitingCallReadItsApproval() throws IOException {
    AgiPeer call = callReadOnce();
    int confirmed = signals().timesConfirmed();

    Await.result(
        admin
            .query(
                "select pg_terminate_backend(pid) from pg_stat_activity"
                    + " where datname = current_database() and query like"
                    + " 'LISTEN%approval_answered%'"
                    + " and pid <> pg_backend_pid()")
            .execute());
    approveUnheard(verificationOf(call));
    Await.until(
        () -> signals().timesConfirmed() > confirmed ? true : null,
        Duration.ofSeconds(20),
        "the listening connection to be re-established");
    int segments = holdUntilHandedOver(call);

    assertThat(segments).isZero();
    assertThat(call.variables()).containsEntry("CALLPROOF_BADGE", "verified");
  }

  @Test
  void starPressedJustAfterTheApprovalWasAnswered_isVerifiedByThePushNotSentACode()
      throws IOException {
    AgiPeer call = callReadOnce();

    approveUnheard(verificationOf(call));
    call.reply("200 result=42");
    call.toEnd();

    assertThat(call.commands()).noneMatch(c -> c.startsWith("GET DATA"));
    assertThat(call.variables())
        .containsEntry("CALLPROOF_BADGE", "verified")
        .containsEntry("CALLPROOF_METHOD", "push");
  }
}
