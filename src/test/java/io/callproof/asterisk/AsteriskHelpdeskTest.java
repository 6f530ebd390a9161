package io.callproof.asterisk;

import static io.callproof.support.Helpdesk.DANA_MOBILE;
import static io.callproof.support.Helpdesk.HELPDESK;
import static io.callproof.support.Helpdesk.UNKNOWN;
import static org.assertj.core.api.Assertions.assertThat;

import io.callproof.support.AgiPeer;
import io.callproof.support.Await;
import io.callproof.support.Helpdesk;
import io.callproof.support.LogCapture;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Helpdesk calls played over FastAGI as Asterisk plays them. */
class AsteriskHelpdeskTest {

  private static Helpdesk helpdesk;
  private LogCapture log;

  @BeforeAll
  static void start() throws Exception {
    helpdesk = Helpdesk.withAsterisk(Map.of());
  }

  @AfterAll
  static void stop() {
    helpdesk.close();
  }

  @BeforeEach
  void nextTest() {
    helpdesk.nextTest();
    log = new LogCapture();
  }

  @AfterEach
  void release() {
    log.close();
  }

  @Test
  void rightCode_handsTheCallToTheDialplanWithVerifiedBadge() throws IOException {
    AgiPeer call = helpdesk.agiCall(DANA_MOBILE);

    call.untilGetData();
    call.reply("200 result=" + helpdesk.codeTextedTo(DANA_MOBILE));
    call.toEnd();

    assertThat(call.heard())
        .startsWith("callproof/en-US/greeting-0", "callproof/en-US/greeting-1")
        .contains("digits:21", "callproof/en-US/verified-0", "callproof/en-US/connecting-0");
    assertThat(call.variables())
        .containsEntry("CALLPROOF_BADGE", "verified")
        .containsEntry("CALLPROOF_METHOD", "sms-code")
        .containsEntry("CALLPROOF_CONTACT", "Dana Reyes")
        .containsEntry("CALLPROOF_COMPANY", "Ajax Dental")
        .containsEntry("CALLPROOF_REASON", "")
        .containsEntry("CALLPROOF_TARGETS", "PJSIP/randy")
        .containsEntry("AJ_AGISTATUS", "SUCCESS");
    assertThat(helpdesk.callStatus(call.callSid())).isEqualTo("routed");
    assertThat(log.problems()).isEmpty();
  }

  @Test
  void getData_asksForAsManyDigitsAsTheCodeHas() throws IOException {
    AgiPeer call = helpdesk.agiCall(DANA_MOBILE);

    String getData = call.untilGetData();
    call.hangUp().toEnd();

    assertThat(getData).isEqualTo("GET DATA \"callproof/en-US/enter-code-0\" 8000 6");
  }

  @Test
  void threeWrongCodes_routeWithFailedBadge() throws IOException {
    AgiPeer call = helpdesk.agiCall(DANA_MOBILE);
    String wrong = wrong(helpdesk.codeTextedTo(DANA_MOBILE));

    for (int i = 0; i < 3; i++) {
      call.untilGetData();
      call.reply("200 result=" + wrong);
    }
    call.toEnd();

    assertThat(call.heard()).contains("callproof/en-US/code-wrong-0", "number:2", "number:1");
    assertThat(call.variables())
        .containsEntry("CALLPROOF_BADGE", "failed")
        .containsEntry("CALLPROOF_REASON", "wrong-codes");
  }

  @Test
  void noDigitsTwice_routesWithFailedBadgeForNoAnswer() throws IOException {
    AgiPeer call = helpdesk.agiCall(DANA_MOBILE);

    call.untilGetData();
    call.reply("200 result= (timeout)");
    call.untilGetData();
    call.reply("200 result= (timeout)");
    call.toEnd();

    assertThat(call.heard()).contains("callproof/en-US/code-not-heard-0");
    assertThat(call.variables())
        .containsEntry("CALLPROOF_BADGE", "failed")
        .containsEntry("CALLPROOF_REASON", "no-answer");
  }

  @Test
  void partialDigitsOnTimeout_countAsAWrongEntry() throws IOException {
    AgiPeer call = helpdesk.agiCall(DANA_MOBILE);

    call.untilGetData();
    call.reply("200 result=12 (timeout)");
    call.untilGetData();

    assertThat(call.heard()).contains("callproof/en-US/code-wrong-0", "number:2");
    assertThat(
            helpdesk.count(
                "select wrong_entries from verification where call_sid = $1",
                Tuple.of(call.callSid())))
        .isEqualTo(1);
    call.reply("200 result=" + helpdesk.codeTextedTo(DANA_MOBILE)).toEnd();
    assertThat(call.variables()).containsEntry("CALLPROOF_BADGE", "verified");
  }

  @Test
  void codeTypedWhilePromptPlays_isCollectedKeyByKey() throws IOException {
    AgiPeer call = helpdesk.agiCall(DANA_MOBILE);
    String code = helpdesk.codeTextedTo(DANA_MOBILE);

    call.until(c -> c.startsWith("STREAM FILE \"callproof/en-US/code-sent-0\""));
    call.reply("200 result=" + (int) code.charAt(0) + " endpos=4000");
    List<String> waits = new ArrayList<>();
    for (int i = 1; i < code.length(); i++) {
      waits.add(call.until(c -> c.startsWith("WAIT FOR DIGIT")));
      call.reply("200 result=" + (int) code.charAt(i));
    }
    call.toEnd();

    assertThat(waits).hasSize(5).allMatch(w -> w.equals("WAIT FOR DIGIT 8000"));
    assertThat(call.commands()).noneMatch(c -> c.startsWith("GET DATA"));
    assertThat(call.variables()).containsEntry("CALLPROOF_BADGE", "verified");
  }

  @Test
  void unknownCaller_isHandedOverUnverifiedWithoutAGather() throws IOException {
    AgiPeer call = helpdesk.agiCall(UNKNOWN);

    call.toEnd();

    assertThat(call.heard()).startsWith("callproof/en-US/caller-not-recognised-0");
    assertThat(call.variables())
        .containsEntry("CALLPROOF_BADGE", "unverified")
        .containsEntry("CALLPROOF_REASON", "unknown-number");
  }

  @ParameterizedTest
  @ValueSource(strings = {"greeting", "code-prompt", "after-a-wrong-code", "hand-over"})
  void hangUp_atAnyStep_closesTheCallCleanly(String step) throws IOException {
    AgiPeer call = helpdesk.agiCall(DANA_MOBILE);
    String code = helpdesk.codeTextedTo(DANA_MOBILE);

    switch (step) {
      case "greeting" -> call.until(c -> c.contains("greeting-0"));
      case "code-prompt" -> call.untilGetData();
      case "after-a-wrong-code" -> {
        call.untilGetData();
        call.reply("200 result=" + wrong(code));
        call.untilGetData();
      }
      default -> {
        call.untilGetData();
        call.reply("200 result=" + code);
        call.until(c -> c.startsWith("SET VARIABLE"));
      }
    }
    call.hangUp().toEnd();

    Await.until(
        () -> "ended".equals(helpdesk.callStatus(call.callSid())) ? true : null,
        Duration.ofSeconds(10),
        "the call to be closed");
    assertThat(helpdesk.auditKinds(call.callSid())).last().isEqualTo("call-ended");
    awaitNoConversation();
    assertThat(log.problems()).isEmpty();
    assertThat(log.lines())
        .anyMatch(l -> l.contains(call.callSid() + " ") && l.contains("hung up"));
  }

  @Test
  void connectionFromAnUnconfiguredAddress_isRefusedAndLogged() throws IOException {
    InetAddress stranger = InetAddress.getByName("127.0.0.2");

    AgiPeer call =
        AgiPeer.call(
            helpdesk.service.asterisk().orElseThrow().agiPort(),
            stranger,
            "helpdesk",
            DANA_MOBILE,
            HELPDESK);

    assertThat(call.closedByServer()).isTrue();
    assertThat(call.commands()).isEmpty();
    assertThat(helpdesk.callStatus(call.callSid())).isNull();
    Await.until(
        () -> log.problems().stream().anyMatch(l -> l.contains("from 127.0.0.2")) ? true : null,
        Duration.ofSeconds(5),
        "the refusal to be logged");
    call.close();
  }

  @Test
  void moreCallsThanAsteriskJavasDefaultPool_areAllServedAtOnce() throws Exception {
    int calls = 120;
    AtomicInteger playing = new AtomicInteger();
    AtomicInteger mostAtOnce = new AtomicInteger();
    ExecutorService pbx = Executors.newFixedThreadPool(calls);
    List<Future<Map<String, String>>> results = new ArrayList<>();

    for (int i = 0; i < calls; i++) {
      results.add(
          pbx.submit(
              () -> {
                try (AgiPeer call = helpdesk.agiCall(UNKNOWN)) {
                  call.until(c -> c.startsWith("STREAM FILE"));
                  mostAtOnce.accumulateAndGet(playing.incrementAndGet(), Math::max);
                  // Every call holds its first prompt until all of them are in the flow at once.
                  Await.until(
                      () -> mostAtOnce.get() >= calls ? true : null,
                      Duration.ofSeconds(60),
                      "all calls to be in the flow at once");
                  call.reply("200 result=0 endpos=8000").toEnd();
                  return call.variables();
                }
              }));
    }

    for (Future<Map<String, String>> result : results) {
      assertThat(result.get(90, TimeUnit.SECONDS)).containsEntry("CALLPROOF_BADGE", "unverified");
    }
    pbx.shutdown();
    assertThat(mostAtOnce.get()).isEqualTo(calls);
    awaitNoConversation();
    assertThat(log.problems()).isEmpty();
  }

  private static void awaitNoConversation() {
    Predicate<Integer> idle = n -> n == 0;
    Await.until(
        () ->
            idle.test(helpdesk.service.asterisk().orElseThrow().runningConversations())
                ? true
                : null,
        Duration.ofSeconds(10),
        "every AGI thread to be released");
  }

  private static String wrong(String code) {
    return code.charAt(0) == '9' ? "1" + code.substring(1) : "9" + code.substring(1);
  }
}
