package io.callproof.twilio;

import io.callproof.call.Answer;
import io.callproof.call.CallContext;
import io.callproof.call.CallService;
import io.callproof.call.IncomingCall;
import io.callproof.call.UnknownCallException;
import io.callproof.directory.PhoneNumbers;
import io.callproof.directory.Tenant;
import io.callproof.directory.TenantRegistry;
import io.callproof.flow.Flow;
import io.callproof.flow.Input;
import io.callproof.ivr.Catalogs;
import io.callproof.message.Outbox;
import io.callproof.route.OutboundService;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import java.net.URI;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Twilio webhooks. Every request is checked first: one that cannot be a webhook gets 400, one
 * from an unknown account or with a bad signature gets 403, and neither changes anything. What a
 * caller types is never an HTTP error. When the database cannot be reached the call gets the static
 * fallback answer (the helpdesk's number, unverified), never a verified badge.
 */
public final class TwilioWebhooks {

  static final String VOICE_PATH = "/twilio/voice";
  static final String TURN_PATH = "/twilio/voice/turn";
  static final String WHISPER_PATH = "/twilio/voice/whisper";
  static final String DIALLED_PATH = "/twilio/voice/dialled";
  static final String STATUS_PATH = "/twilio/voice/status";
  static final String FALLBACK_PATH = "/twilio/voice/fallback";
  static final String MESSAGE_STATUS_PATH = "/twilio/messages/status";
  static final String OUTBOUND_PATH = "/twilio/voice/outbound";
  static final String OUTBOUND_STATUS_PATH = "/twilio/voice/outbound/status";

  private static final Logger log = LoggerFactory.getLogger(TwilioWebhooks.class);
  private static final Pattern CALL_SID = Pattern.compile("CA[0-9a-fA-F]{32}");
  private static final Pattern MESSAGE_SID = Pattern.compile("(SM|MM)[0-9a-fA-F]{32}");
  private static final Pattern ACCOUNT_SID = Pattern.compile("AC[0-9a-fA-F]{32}");
  private static final String XML = "application/xml";

  private final TenantRegistry tenants;
  private final CallService calls;
  private final OutboundService outbound;
  private final Outbox outbox;
  private final Pool pool;
  private final TwimlRenderer twiml;
  private final Optional<URI> publicUrl;
  private final Clock clock;

  /**
   * @param publicUrl the URL Twilio uses to reach the service, when a proxy stands in between;
   *     otherwise each request's own URL is used to check its signature
   */
  public TwilioWebhooks(
      TenantRegistry tenants,
      CallService calls,
      OutboundService outbound,
      Outbox outbox,
      Pool pool,
      Catalogs prompts,
      SpeechOptions speech,
      int gatherTimeoutSeconds,
      int dialTimeoutSeconds,
      Optional<URI> publicUrl,
      Optional<URI> holdAudio,
      Clock clock) {
    this.tenants = tenants;
    this.calls = calls;
    this.outbound = outbound;
    this.outbox = outbox;
    this.pool = pool;
    this.twiml =
        new TwimlRenderer(prompts, speech, gatherTimeoutSeconds, dialTimeoutSeconds, holdAudio);
    this.publicUrl = publicUrl;
    this.clock = clock;
  }

  /** Adds the webhook routes to {@code router}. */
  public void mount(Router router) {
    FormBody body = new FormBody(64 * 1024);
    router.post("/twilio/*").handler(body);
    router.post(VOICE_PATH).handler(this::incoming);
    router.post(TURN_PATH).handler(this::turn);
    router.post(WHISPER_PATH).handler(this::whisper);
    router.post(DIALLED_PATH).handler(this::dialled);
    router.post(STATUS_PATH).handler(this::status);
    router.route(FALLBACK_PATH).handler(body).handler(this::fallback);
    router.post(MESSAGE_STATUS_PATH).handler(this::messageStatus);
    router.post(OUTBOUND_PATH).handler(this::outboundAnswered);
    router.post(OUTBOUND_STATUS_PATH).handler(this::outboundStatus);
  }

  /** A signed request from a known account, with its parameters. */
  private record Webhook(Tenant tenant, Map<String, String> params) {
    String get(String name) {
      return params.get(name);
    }
  }

  private Optional<Webhook> accept(RoutingContext ctx, Pattern sidPattern, String sidName) {
    Map<String, String> params = FormBody.params(ctx);
    String sid = params.get(sidName);
    String account = params.get("AccountSid");
    if (sid == null
        || !sidPattern.matcher(sid).matches()
        || account == null
        || !ACCOUNT_SID.matcher(account).matches()) {
      reply(
          ctx,
          400,
          "text/plain",
          "not a Twilio webhook: " + sidName + " and AccountSid" + " are required\n");
      return Optional.empty();
    }
    Optional<Tenant> tenant = tenants.byAccountSid(account);
    String url = requestUrl(ctx);
    if (tenant.isEmpty() || tenant.get().twilio().isEmpty()) {
      log.warn("refused webhook {} from unknown account {}", ctx.request().path(), account);
      reply(ctx, 403, "text/plain", "forbidden\n");
      return Optional.empty();
    }
    TwilioSignatures.Verdict verdict =
        TwilioSignatures.check(
            tenant.get().twilio().get().authToken(),
            url,
            params,
            ctx.request().getHeader("X-Twilio-Signature"));
    if (!verdict.valid()) {
      log.warn(
          "tenant={} refused webhook {} for {}: signature does not match {} (is"
              + " CALLPROOF_PUBLIC_URL the URL Twilio calls?)",
          tenant.get().id(),
          ctx.request().path(),
          sid,
          url);
      reply(ctx, 403, "text/plain", "forbidden\n");
      return Optional.empty();
    }
    // Parameters outside the signature stay as hints: only StirVerstat is read, and only to
    // raise the bar (a failed attestation is a warning on the badge; a passed one proves nothing).
    return Optional.of(new Webhook(tenant.get(), params));
  }

  private String requestUrl(RoutingContext ctx) {
    if (publicUrl.isEmpty()) {
      return ctx.request().absoluteURI();
    }
    return publicUrl.get() + ctx.request().uri();
  }

  private String base(RoutingContext ctx) {
    if (publicUrl.isPresent()) {
      return publicUrl.get().toString();
    }
    URI uri = URI.create(ctx.request().absoluteURI());
    return uri.getScheme() + "://" + uri.getRawAuthority();
  }

  private void incoming(RoutingContext ctx) {
    accept(ctx, CALL_SID, "CallSid")
        .ifPresent(
            hook -> {
              Tenant tenant = hook.tenant();
              String callSid = hook.get("CallSid");
              Optional<Flow> flow = calls.flowFor(tenant, hook.get("To"));
              if (flow.isEmpty()) {
                log.warn(
                    "tenant={} call={} came in on {}, which runs no flow; answering with the"
                        + " fallback (add the number to the tenant)",
                    tenant.id(),
                    callSid,
                    PhoneNumbers.mask(hook.get("To")));
                reply(ctx, 200, XML, twiml.fallback(tenant));
                return;
              }
              IncomingCall call =
                  new IncomingCall(
                      callSid, "twilio", hook.get("From"), hook.get("To"), hook.get("StirVerstat"));
              CallContext context =
                  new CallContext(tenant.id(), callSid, flow.get().name(), "start");
              answer(ctx, context, tenant, calls.begin(tenant, flow.get(), call));
            });
  }

  private void turn(RoutingContext ctx) {
    accept(ctx, CALL_SID, "CallSid")
        .ifPresent(
            hook -> {
              Tenant tenant = hook.tenant();
              String callSid = hook.get("CallSid");
              Integer turn = turnNumber(ctx.queryParams().get("turn"));
              if (turn == null) {
                reply(ctx, 400, "text/plain", "turn must be a whole number from 1\n");
                return;
              }
              Input input = callerInput(hook);
              CallContext context = new CallContext(tenant.id(), callSid, "?", "turn " + turn);
              answer(ctx, context, tenant, calls.onCaller(tenant, callSid, turn, input));
            });
  }

  /**
   * What the caller did: keys win when both keys and speech came. A confidence of exactly 0 is what
   * recognisers report when they give none (Google does), so it is taken as not given, like a
   * missing or malformed one: the answer then counts only when it reads cleanly.
   */
  private static Input callerInput(Webhook hook) {
    String digits = hook.get("Digits");
    if (digits != null && !digits.isEmpty()) {
      return new Input.Digits(digits);
    }
    String speech = hook.get("SpeechResult");
    if (speech != null && !speech.isBlank()) {
      return new Input.Spoken(speech, confidence(hook.get("Confidence")));
    }
    return new Input.NoInput();
  }

  private static double confidence(String raw) {
    try {
      double value = raw == null ? Input.Spoken.NOT_GIVEN : Double.parseDouble(raw);
      return value > 0 && value <= 1 ? value : Input.Spoken.NOT_GIVEN;
    } catch (NumberFormatException e) {
      return Input.Spoken.NOT_GIVEN;
    }
  }

  private static Integer turnNumber(String raw) {
    if (raw == null || !raw.matches("[1-9][0-9]{0,8}")) {
      return null;
    }
    return Integer.valueOf(raw);
  }

  private void answer(
      RoutingContext ctx, CallContext context, Tenant tenant, Future<Answer> answer) {
    String base = base(ctx);
    answer.onComplete(
        result -> {
          if (result.succeeded()) {
            reply(ctx, 200, XML, twiml.render(tenant, context.callSid(), result.result(), base));
          } else if (result.cause() instanceof UnknownCallException) {
            log.warn("{} no such call on record; answering with the fallback", context);
            reply(ctx, 200, XML, twiml.fallback(tenant));
          } else {
            log.warn(
                "{} turn failed, answering with the unverified fallback: {}",
                context,
                result.cause().toString());
            reply(ctx, 200, XML, twiml.fallback(tenant));
          }
        });
  }

  private void whisper(RoutingContext ctx) {
    accept(ctx, CALL_SID, "CallSid")
        .ifPresent(
            hook -> {
              String parent = ctx.queryParams().get("call");
              if (parent == null || !CALL_SID.matcher(parent).matches()) {
                reply(ctx, 400, "text/plain", "call must name the caller's CallSid\n");
                return;
              }
              calls
                  .badge(hook.tenant().id(), parent)
                  .onComplete(
                      badge -> {
                        if (badge.succeeded() && badge.result().isPresent()) {
                          reply(ctx, 200, XML, twiml.whisper(badge.result().get()));
                        } else {
                          log.warn(
                              "tenant={} call={} whisper has no badge; saying unverified",
                              hook.tenant().id(),
                              parent);
                          reply(
                              ctx,
                              200,
                              XML,
                              twiml.whisper(
                                  io.callproof.route.Badge.unverified("badge-unavailable")));
                        }
                      });
            });
  }

  private void dialled(RoutingContext ctx) {
    accept(ctx, CALL_SID, "CallSid")
        .ifPresent(
            hook -> {
              String status = hook.get("DialCallStatus");
              log.info(
                  "tenant={} call={} dial ended: {}",
                  hook.tenant().id(),
                  hook.get("CallSid"),
                  status);
              if ("completed".equals(status) || "answered".equals(status)) {
                reply(ctx, 200, XML, twiml.hangup());
              } else {
                reply(ctx, 200, XML, twiml.notAnswered(hook.tenant()));
              }
            });
  }

  private void status(RoutingContext ctx) {
    accept(ctx, CALL_SID, "CallSid")
        .ifPresent(
            hook -> {
              String status = hook.get("CallStatus");
              if (!isFinal(status)) {
                reply(ctx, 204, "text/plain", "");
                return;
              }
              calls
                  .end(hook.tenant(), hook.get("CallSid"), status)
                  .onComplete(
                      done -> {
                        if (done.failed()) {
                          log.warn(
                              "tenant={} call={} could not be closed: {}",
                              hook.tenant().id(),
                              hook.get("CallSid"),
                              done.cause().toString());
                          reply(ctx, 500, "text/plain", "try again\n");
                        } else {
                          reply(ctx, 204, "text/plain", "");
                        }
                      });
            });
  }

  private static boolean isFinal(String status) {
    return status != null
        && switch (status) {
          case "completed", "busy", "failed", "no-answer", "canceled" -> true;
          default -> false;
        };
  }

  private void fallback(RoutingContext ctx) {
    if (ctx.request().method() == io.vertx.core.http.HttpMethod.GET) {
      Optional<Tenant> tenant = tenants.byAccountSid(ctx.queryParams().get("AccountSid"));
      if (tenant.isEmpty()) {
        reply(ctx, 404, "text/plain", "name your account: ?AccountSid=AC...\n");
        return;
      }
      reply(ctx, 200, XML, twiml.fallback(tenant.get()));
      return;
    }
    accept(ctx, CALL_SID, "CallSid")
        .ifPresent(
            hook -> {
              log.warn(
                  "tenant={} call={} reached the fallback URL (error {} on the main webhook)",
                  hook.tenant().id(),
                  hook.get("CallSid"),
                  hook.get("ErrorCode"));
              reply(ctx, 200, XML, twiml.fallback(hook.tenant()));
            });
  }

  /**
   * A contact answered an outbound call: they hear who is calling and how to check the call, then
   * the technician is connected.
   */
  private void outboundAnswered(RoutingContext ctx) {
    accept(ctx, CALL_SID, "CallSid")
        .ifPresent(
            hook -> {
              UUID id = outboundId(ctx);
              if (id == null) {
                reply(ctx, 400, "text/plain", "call must name an outbound call's id\n");
                return;
              }
              outbound
                  .answered(hook.tenant().id(), id)
                  .onComplete(
                      found -> {
                        if (found.succeeded() && found.result().isPresent()) {
                          reply(
                              ctx,
                              200,
                              XML,
                              twiml.outbound(hook.tenant(), id, found.result().get(), base(ctx)));
                        } else if (found.succeeded()) {
                          log.warn(
                              "tenant={} call={} names outbound call {}, which is not on record;"
                                  + " hanging up",
                              hook.tenant().id(),
                              hook.get("CallSid"),
                              id);
                          reply(ctx, 200, XML, twiml.hangup());
                        } else {
                          log.warn(
                              "tenant={} call={} outbound call {} could not be read: {}",
                              hook.tenant().id(),
                              hook.get("CallSid"),
                              id,
                              found.cause().toString());
                          reply(ctx, 500, "text/plain", "try again\n");
                        }
                      });
            });
  }

  private void outboundStatus(RoutingContext ctx) {
    accept(ctx, CALL_SID, "CallSid")
        .ifPresent(
            hook -> {
              UUID id = outboundId(ctx);
              String status = hook.get("CallStatus");
              if (id == null || !isFinal(status)) {
                reply(ctx, 204, "text/plain", "");
                return;
              }
              outbound
                  .ended(hook.tenant().id(), id, status)
                  .onComplete(
                      done -> {
                        if (done.failed()) {
                          log.warn(
                              "tenant={} outbound call {} end not recorded: {}",
                              hook.tenant().id(),
                              id,
                              done.cause().toString());
                          reply(ctx, 500, "text/plain", "try again\n");
                        } else {
                          reply(ctx, 204, "text/plain", "");
                        }
                      });
            });
  }

  private static UUID outboundId(RoutingContext ctx) {
    try {
      String raw = ctx.queryParams().get("call");
      return raw == null ? null : UUID.fromString(raw);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private void messageStatus(RoutingContext ctx) {
    accept(ctx, MESSAGE_SID, "MessageSid")
        .ifPresent(
            hook ->
                outbox
                    .recordProviderStatus(
                        pool,
                        hook.tenant().id(),
                        hook.get("MessageSid"),
                        hook.get("MessageStatus"),
                        hook.get("ErrorCode"),
                        clock.instant())
                    .onComplete(
                        done -> {
                          if (done.failed()) {
                            log.warn(
                                "tenant={} status of text {} not recorded: {}",
                                hook.tenant().id(),
                                hook.get("MessageSid"),
                                done.cause().toString());
                            reply(ctx, 500, "text/plain", "try again\n");
                          } else {
                            reply(ctx, 204, "text/plain", "");
                          }
                        }));
  }

  private static void reply(RoutingContext ctx, int status, String type, String body) {
    if (ctx.response().ended()) {
      return;
    }
    ctx.response().setStatusCode(status).putHeader("Content-Type", type).end(body);
  }
}
