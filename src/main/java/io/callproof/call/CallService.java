package io.callproof.call;

import io.callproof.audit.AuditEvent;
import io.callproof.audit.AuditTrail;
import io.callproof.directory.Directory;
import io.callproof.directory.PhoneNumbers;
import io.callproof.directory.Tenant;
import io.callproof.flow.CallState;
import io.callproof.flow.Flow;
import io.callproof.flow.FlowEngine;
import io.callproof.flow.Input;
import io.callproof.flow.LineAction;
import io.callproof.flow.Turn;
import io.callproof.route.Badge;
import io.callproof.route.RecentCalls;
import io.callproof.route.Technician;
import io.callproof.route.Technicians;
import io.callproof.verify.VerificationService;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs calls through their flows, whatever line carries them. Each turn (a call coming in, or the
 * caller's input) is one database transaction: it locks the call, runs the engine and the tasks the
 * engine asks for, and stores the new state, the answer and the audit events together. Nothing is
 * answered before that commit. A retried turn gets its stored answer back and changes nothing.
 */
public final class CallService {

  private static final Logger log = LoggerFactory.getLogger(CallService.class);

  private final Pool pool;
  private final Map<String, Flow> flows;
  private final FlowEngine engine;
  private final TaskRunner tasks;
  private final Technicians technicians;
  private final AuditTrail audit;
  private final VerificationService verification;
  private final Clock clock;
  private final Runnable textsQueued;
  private final Predicate<String> hearsSpeech;

  /**
   * A service whose lines collect keys only.
   *
   * @param textsQueued told after a commit that queued texts, to send them without waiting
   */
  public CallService(
      Pool pool,
      Map<String, Flow> flows,
      FlowEngine engine,
      Directory directory,
      VerificationService verification,
      RecentCalls recentCalls,
      Technicians technicians,
      AuditTrail audit,
      Clock clock,
      Runnable textsQueued) {
    this(
        pool,
        flows,
        engine,
        directory,
        verification,
        recentCalls,
        technicians,
        audit,
        clock,
        textsQueued,
        line -> false);
  }

  /**
   * @param textsQueued told after a commit that queued texts, to send them without waiting
   * @param hearsSpeech whether a line ({@code twilio}, {@code asterisk}) can hear spoken answers
   */
  public CallService(
      Pool pool,
      Map<String, Flow> flows,
      FlowEngine engine,
      Directory directory,
      VerificationService verification,
      RecentCalls recentCalls,
      Technicians technicians,
      AuditTrail audit,
      Clock clock,
      Runnable textsQueued,
      Predicate<String> hearsSpeech) {
    this.hearsSpeech = hearsSpeech;
    this.pool = pool;
    this.flows = Map.copyOf(flows);
    this.engine = engine;
    this.tasks = new TaskRunner(directory, verification, recentCalls);
    this.technicians = technicians;
    this.audit = audit;
    this.verification = verification;
    this.clock = clock;
    this.textsQueued = textsQueued;
  }

  /** The flow a tenant's number runs, if the number is the tenant's. */
  public Optional<Flow> flowFor(Tenant tenant, String calledNumber) {
    return PhoneNumbers.toE164(calledNumber, tenant.defaultRegion())
        .map(tenant.numbers()::get)
        .map(flows::get);
  }

  /**
   * Starts a call in the flow of the number it called, or answers a retried start again.
   *
   * @return the first turn's answer; fails when the database fails, and the line then gives its
   *     static fallback
   */
  public Future<Answer> begin(Tenant tenant, Flow flow, IncomingCall call) {
    Instant now = clock.instant();
    CallContext ctx = new CallContext(tenant.id(), call.callSid(), flow.name(), flow.start());
    Badge unverified = stirRisk(Badge.unverified(null), call.stir());
    AtomicBoolean textQueued = new AtomicBoolean();
    return turnInTransaction(
        textQueued,
        conn ->
            conn.preparedQuery(
                    "insert into call (tenant_id, call_sid, line, from_number, to_number, stir,"
                        + " flow, step, facts, turn, badge, status, started_at, updated_at)"
                        + " values ($1, $2, $3, $4, $5, $6, $7, $8, '{}', 0, $9, 'in-flow',"
                        + " $10, $10)"
                        + " on conflict do nothing")
                .execute(
                    Tuple.of(
                        tenant.id(),
                        call.callSid(),
                        call.line(),
                        call.from(),
                        call.to(),
                        call.stir(),
                        flow.name(),
                        flow.start(),
                        new JsonObject(new HashMap<>(unverified.fields())),
                        now.atOffset(ZoneOffset.UTC)))
                .compose(
                    inserted -> {
                      if (inserted.rowCount() == 0) {
                        log.info("{} start retried; answering turn 1 again", ctx);
                        return storedAnswer(conn, tenant.id(), call.callSid(), 1);
                      }
                      CallRecord record = CallRecord.started(tenant, call, flow, unverified);
                      record.events.add(
                          new AuditEvent(
                              "call-started",
                              call.callSid(),
                              null,
                              Map.of(
                                  "line",
                                  call.line(),
                                  "from",
                                  PhoneNumbers.mask(call.from()),
                                  "to",
                                  PhoneNumbers.mask(call.to()),
                                  "flow",
                                  flow.name())));
                      Turn first = engine.start(flow, firstFacts(tenant, call));
                      return play(conn, ctx, record, flow, first, now, textQueued);
                    }));
  }

  /** What is known as a call comes in: the MSP, the number's language, whether it hears speech. */
  private Map<String, String> firstFacts(Tenant tenant, IncomingCall call) {
    Map<String, String> facts = new HashMap<>();
    facts.put("msp", tenant.name());
    PhoneNumbers.toE164(call.to(), tenant.defaultRegion())
        .map(tenant.numberLanguages()::get)
        .ifPresent(language -> facts.put(FlowEngine.LANGUAGE, language));
    if (hearsSpeech.test(call.line())) {
      facts.put(FlowEngine.SPEECH, "on");
    }
    return facts;
  }

  /**
   * Goes on with a call that waits for the caller.
   *
   * @param turn the turn the line quotes back: the one whose answer asked for this input
   * @param input what the caller did
   */
  public Future<Answer> onCaller(Tenant tenant, String callSid, int turn, Input input) {
    Instant now = clock.instant();
    AtomicBoolean textQueued = new AtomicBoolean();
    return turnInTransaction(
        textQueued,
        conn ->
            CallRecord.lock(conn, tenant, callSid)
                .compose(
                    record -> {
                      CallContext ctx =
                          new CallContext(tenant.id(), callSid, record.flow, record.step);
                      if (turn != record.turn || !"in-flow".equals(record.status)) {
                        int answered = Math.min(turn + 1, record.turn);
                        log.info(
                            "{} turn {} already answered; answering turn {} again",
                            ctx,
                            turn,
                            answered);
                        return storedAnswer(conn, tenant.id(), callSid, answered);
                      }
                      Flow flow = flows.get(record.flow);
                      Turn next =
                          engine.onCaller(
                              flow, new CallState(record.flow, record.step, record.facts), input);
                      return play(conn, ctx, record, flow, next, now, textQueued);
                    }));
  }

  /**
   * Closes a call the line reports as ended; a verification still pending is abandoned. Safe to
   * call more than once.
   *
   * @param lineStatus the line's word for how it ended, such as {@code completed}
   */
  public Future<Boolean> end(Tenant tenant, String callSid, String lineStatus) {
    Instant now = clock.instant();
    return pool.withTransaction(
        conn ->
            conn.preparedQuery(
                    "update call set status = 'ended', ended_at = $3, updated_at = $3"
                        + " where tenant_id = $1 and call_sid = $2 and status <> 'ended'"
                        + " returning flow, step, verification_id, contact_id, started_at")
                .execute(Tuple.of(tenant.id(), callSid, now.atOffset(ZoneOffset.UTC)))
                .compose(
                    rows -> {
                      if (rows.size() == 0) {
                        return Future.succeededFuture(false);
                      }
                      Row row = rows.iterator().next();
                      CallContext ctx =
                          new CallContext(
                              tenant.id(), callSid, row.getString("flow"), row.getString("step"));
                      long seconds =
                          now.getEpochSecond()
                              - row.getOffsetDateTime("started_at").toEpochSecond();
                      AuditEvent ended =
                          new AuditEvent(
                              "call-ended",
                              callSid,
                              row.getUUID("contact_id"),
                              Map.of("line_status", lineStatus, "seconds", Long.toString(seconds)));
                      Future<List<AuditEvent>> abandoned =
                          row.getUUID("verification_id") == null
                              ? Future.succeededFuture(List.of())
                              : verification.abandon(
                                  conn, tenant.id(), row.getUUID("verification_id"), now);
                      return abandoned
                          .compose(
                              events -> audit.append(conn, tenant.id(), now, concat(events, ended)))
                          .map(
                              v -> {
                                log.info("{} call ended ({}) after {} s", ctx, lineStatus, seconds);
                                return true;
                              });
                    }));
  }

  /** The badge a call carries now, for a whisper or a screen. */
  public Future<Optional<Badge>> badge(String tenantId, String callSid) {
    return pool.preparedQuery("select badge from call where tenant_id = $1 and call_sid = $2")
        .execute(Tuple.of(tenantId, callSid))
        .map(
            rows ->
                rows.size() == 0
                    ? Optional.<Badge>empty()
                    : Optional.of(
                        Badge.fromFields(rows.iterator().next().getJsonObject(0).getMap())));
  }

  private Future<Answer> play(
      SqlConnection conn,
      CallContext ctx,
      CallRecord record,
      Flow flow,
      Turn turn,
      Instant now,
      AtomicBoolean textQueued) {
    return drive(conn, record, flow, turn, now)
        .compose(done -> finish(conn, ctx.at(done.state().step()), record, done, now))
        .onSuccess(answer -> textQueued.set(record.textQueued));
  }

  private Future<Turn> drive(
      SqlConnection conn, CallRecord record, Flow flow, Turn turn, Instant now) {
    if (!turn.needsTask()) {
      return Future.succeededFuture(turn);
    }
    return tasks
        .run(conn, record, turn.task(), now)
        .compose(done -> drive(conn, record, flow, engine.onTaskDone(flow, turn, done), now));
  }

  private Future<Answer> finish(
      SqlConnection conn, CallContext ctx, CallRecord record, Turn turn, Instant now) {
    int number = record.turn + 1;
    Future<List<Technician>> ringing = Future.succeededFuture(List.of());
    if (turn.isFinal()
        && turn.actions().get(turn.actions().size() - 1) instanceof LineAction.Connect connect) {
      ringing =
          connect.technicianId() == null
              ? technicians.available(conn, ctx.tenantId())
              : technicians
                  .availableById(conn, ctx.tenantId(), connect.technicianId())
                  .compose(
                      one ->
                          one.isEmpty()
                              ? technicians.available(conn, ctx.tenantId())
                              : Future.succeededFuture(one));
      record.events.add(
          new AuditEvent(
              "call-routed",
              ctx.callSid(),
              record.contactId,
              withBadge(record.badge, routed(connect))));
    }
    return ringing.compose(
        techs -> {
          Answer answer = new Answer(number, turn.actions(), record.badge, techs);
          record.turn = number;
          record.step = turn.state().step();
          record.facts = turn.state().facts();
          record.status = turn.isFinal() ? "routed" : "in-flow";
          return record
              .save(conn, answer, now)
              .compose(v -> audit.append(conn, ctx.tenantId(), now, record.events))
              .map(
                  v -> {
                    log.info(
                        "{} turn {} answered: {} (badge {})",
                        ctx,
                        number,
                        turn.actions()
                            .get(turn.actions().size() - 1)
                            .getClass()
                            .getSimpleName()
                            .toLowerCase(),
                        record.badge.word().spelling());
                    return answer;
                  });
        });
  }

  /**
   * The badge with the call's STIR/SHAKEN attestation as a risk signal. A failed attestation is a
   * warning; a passed one is shown, and vouches for the carrier only, never for the person.
   */
  private static Badge stirRisk(Badge badge, String stir) {
    if (stir == null || stir.isBlank()) {
      return badge;
    }
    if (stir.startsWith("TN-Validation-Failed")) {
      return badge.withRisk("stir-failed");
    }
    if (stir.startsWith("TN-Validation-Passed-")) {
      return badge.withRisk("stir-passed-" + stir.substring("TN-Validation-Passed-".length()));
    }
    return badge.withRisk("stir-none");
  }

  private static Map<String, String> routed(LineAction.Connect connect) {
    return connect.technicianId() == null
        ? Map.of("queue", connect.queue())
        : Map.of("queue", connect.queue(), "technician", connect.technicianId());
  }

  private static Map<String, String> withBadge(Badge badge, Map<String, String> more) {
    Map<String, String> data = new HashMap<>(badge.fields());
    data.remove("contact");
    data.putAll(more);
    return data;
  }

  private Future<Answer> storedAnswer(
      SqlConnection conn, String tenantId, String callSid, int turn) {
    return conn.preparedQuery(
            "select answer from call_turn where tenant_id = $1 and call_sid = $2 and turn = $3")
        .execute(Tuple.of(tenantId, callSid, turn))
        .map(
            rows -> {
              if (rows.size() == 0) {
                throw new IllegalStateException(
                    "call " + callSid + " has no answer for turn " + turn);
              }
              return Answer.fromJson(rows.iterator().next().getJsonObject(0));
            });
  }

  private Future<Answer> turnInTransaction(
      AtomicBoolean textQueued, Function<SqlConnection, Future<Answer>> work) {
    return pool.withTransaction(work::apply)
        .onSuccess(
            answer -> {
              if (textQueued.get()) {
                textsQueued.run();
              }
            });
  }

  private static <T> List<T> concat(List<T> first, T last) {
    List<T> all = new java.util.ArrayList<>(first);
    all.add(last);
    return all;
  }
}
