package io.callproof.bench;

import io.vertx.core.Future;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Plays one helpdesk call as Twilio plays it: the incoming-call webhook, the {@code <Gather>} that
 * asks for the code, the code read from the text to the caller's mobile and typed, the {@code
 * <Dial>} to a technician, and the status callback when the call ends. A call completes only when
 * the {@code <Dial>} carries the verified badge; anything else fails it with a {@link CallFailure}.
 */
final class CallPlayer implements Player {

  static final String VOICE_PATH = "/twilio/voice";
  static final String STATUS_PATH = "/twilio/voice/status";

  private static final int MOST_REDIRECTS = 5;

  private final WebhookClient webhooks;
  private final Texts texts;
  private final Pauses pauses;
  private final String accountSid;
  private final String helpdesk;

  /**
   * @param pauses the caller's pauses at each prompt: after the {@code <Gather>} asks for the code,
   *     and after the {@code <Dial>} (the talk with the technician)
   * @param helpdesk the E.164 number the calls are made to
   */
  CallPlayer(
      WebhookClient webhooks, Texts texts, Pauses pauses, String accountSid, String helpdesk) {
    this.webhooks = webhooks;
    this.texts = texts;
    this.pauses = pauses;
    this.accountSid = accountSid;
    this.helpdesk = helpdesk;
  }

  @Override
  public Future<Void> play(String mobile, PhaseStats stats) {
    Call call = new Call(newCallSid(), mobile, stats);
    Future<Texts.Text> text = texts.expect(mobile);
    return follow(call, webhooks.post(VOICE_PATH, call.params("ringing"), stats), 0)
        .compose(reply -> gatherAction(reply, VOICE_PATH))
        .compose(action -> typeCode(call, action, text))
        .compose(reply -> requireVerifiedDial(reply))
        .compose(v -> pauses.next())
        .compose(v -> webhooks.post(STATUS_PATH, call.completed(), stats))
        .compose(reply -> requireStatus(reply, 204, STATUS_PATH))
        .onFailure(e -> texts.forget(mobile));
  }

  private Future<WebhookClient.Reply> typeCode(Call call, String action, Future<Texts.Text> text) {
    long answeredAt = System.nanoTime();
    Future<Texts.Text> arrived =
        text.onSuccess(t -> call.stats.textDelay(answeredAt, t.arrivedAt()));
    return Future.all(arrived, pauses.next())
        .compose(
            both -> {
              Map<String, String> params = call.params("in-progress");
              params.put("Digits", arrived.result().code());
              params.put("FinishedOnKey", "");
              return follow(call, webhooks.post(action, params, call.stats), 0);
            });
  }

  /** Follows {@code <Redirect>}s as Twilio does, up to a bound. */
  private Future<WebhookClient.Reply> follow(
      Call call, Future<WebhookClient.Reply> reply, int redirects) {
    return reply.compose(
        r -> {
          if (r.status() != 200) {
            return Future.succeededFuture(r);
          }
          return Twiml.redirect(r.body())
              .filter(url -> redirects < MOST_REDIRECTS)
              .map(
                  url ->
                      follow(
                          call,
                          webhooks.post(url, call.params("in-progress"), call.stats),
                          redirects + 1))
              .orElse(Future.succeededFuture(r));
        });
  }

  private static Future<String> gatherAction(WebhookClient.Reply reply, String where) {
    if (reply.status() != 200) {
      return Future.failedFuture(new CallFailure("http-" + reply.status() + " at " + where));
    }
    return Twiml.gatherAction(reply.body())
        .map(Future::succeededFuture)
        .orElseGet(() -> Future.failedFuture(new CallFailure("no gather after " + where)));
  }

  private static Future<Void> requireVerifiedDial(WebhookClient.Reply reply) {
    if (reply.status() != 200) {
      return Future.failedFuture(new CallFailure("http-" + reply.status() + " at code entry"));
    }
    if (!Twiml.dials(reply.body())) {
      return Future.failedFuture(new CallFailure("no dial after code entry"));
    }
    String badge = Twiml.badge(reply.body());
    return "verified".equals(badge)
        ? Future.succeededFuture()
        : Future.failedFuture(new CallFailure("badge " + badge));
  }

  private static Future<Void> requireStatus(WebhookClient.Reply reply, int status, String where) {
    return reply.status() == status
        ? Future.succeededFuture()
        : Future.failedFuture(new CallFailure("http-" + reply.status() + " at " + where));
  }

  private static String newCallSid() {
    byte[] sid = new byte[16];
    ThreadLocalRandom.current().nextBytes(sid);
    return "CA" + HexFormat.of().formatHex(sid);
  }

  /** One call's identity, and the parameters Twilio sends with each of its webhooks. */
  private final class Call {
    final String sid;
    final String from;
    final PhaseStats stats;

    Call(String sid, String from, PhaseStats stats) {
      this.sid = sid;
      this.from = from;
      this.stats = stats;
    }

    Map<String, String> params(String status) {
      Map<String, String> params = new LinkedHashMap<>();
      params.put("AccountSid", accountSid);
      params.put("ApiVersion", "2010-04-01");
      params.put("CallSid", sid);
      params.put("CallStatus", status);
      params.put("Direction", "inbound");
      params.put("From", from);
      params.put("Caller", from);
      params.put("To", helpdesk);
      params.put("Called", helpdesk);
      return params;
    }

    Map<String, String> completed() {
      Map<String, String> params = params("completed");
      params.put("CallDuration", "42");
      return params;
    }
  }
}
