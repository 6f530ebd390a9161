package io.callproof.call;

import io.callproof.audit.AuditEvent;
import io.callproof.directory.Caller;
import io.callproof.directory.Directory;
import io.callproof.directory.Identification;
import io.callproof.directory.PhoneNumbers;
import io.callproof.flow.FlowEngine;
import io.callproof.flow.Input;
import io.callproof.flow.Task;
import io.callproof.route.Badge;
import io.callproof.route.RecentCalls;
import io.callproof.verify.CodeCheck;
import io.callproof.verify.Started;
import io.callproof.verify.VerificationRequest;
import io.callproof.verify.VerificationService;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the tasks a flow asks for against the directory and the verification service, and keeps the
 * call's badge in step with what they prove.
 */
final class TaskRunner {

  private static final Logger log = LoggerFactory.getLogger(TaskRunner.class);

  private final Directory directory;
  private final VerificationService verification;
  private final RecentCalls recentCalls;

  TaskRunner(Directory directory, VerificationService verification, RecentCalls recentCalls) {
    this.directory = directory;
    this.verification = verification;
    this.recentCalls = recentCalls;
  }

  Future<Input.TaskDone> run(SqlConnection conn, CallRecord call, Task task, Instant now) {
    if (task instanceof Task.IdentifyCaller) {
      return directory
          .identify(conn, call.tenant, call.from)
          .map(found -> identified(call, found, "caller-identified"));
    }
    if (task instanceof Task.IdentifySelf self) {
      return directory
          .identifySelf(conn, call.tenant, self.entered())
          .map(found -> identified(call, found, "caller-self-identified"));
    }
    if (task instanceof Task.RecordIntent said) {
      return Future.succeededFuture(recordIntent(call, said.intent()));
    }
    if (task instanceof Task.StartVerification) {
      return start(conn, call, null, now);
    }
    if (task instanceof Task.CheckRecentCalls) {
      return checkRecentCalls(conn, call, now);
    }
    if (task instanceof Task.CheckTechnician entered) {
      return checkTechnician(conn, call, entered.entered(), now);
    }
    if (task instanceof Task.ReportImpersonation report) {
      return Future.succeededFuture(reportImpersonation(call, report.reason()));
    }
    if (task instanceof Task.SendCode) {
      return call.verificationId == null
          ? start(conn, call, "sms", now).map(TaskRunner::asSent)
          : verification
              .sendCode(conn, call.tenant, call.verificationId, call.callSid, now)
              .map(sent -> afterStart(call, sent))
              .map(TaskRunner::asSent);
    }
    if (call.verificationId == null) {
      return Future.failedFuture(
          new IllegalStateException(
              "flow '"
                  + call.flow
                  + "' checks a verification at step '"
                  + call.step
                  + "' before one was started"));
    }
    String tenantId = call.tenant.id();
    if (task instanceof Task.CheckApproval approval) {
      return verification
          .approvalState(conn, tenantId, call.verificationId, now)
          .map(state -> afterApproval(call, state, approval.star()));
    }
    Future<CodeCheck> check =
        task instanceof Task.CheckCode entered
            ? verification.checkCode(conn, tenantId, call.verificationId, entered.entered(), now)
            : verification.noEntry(conn, tenantId, call.verificationId, now);
    return check.map(result -> afterCheck(call, result));
  }

  /** Only a caller who proved possession of a registered device may hear about calls to them. */
  private static boolean verified(CallRecord call) {
    return call.contactId != null && call.badge.word() == Badge.Word.VERIFIED;
  }

  private Future<Input.TaskDone> checkRecentCalls(
      SqlConnection conn, CallRecord call, Instant now) {
    if (!verified(call)) {
      return Future.succeededFuture(new Input.TaskDone("not-verified"));
    }
    return recentCalls
        .latest(conn, call.tenant.id(), call.contactId, now)
        .map(
            found -> {
              if (found.isEmpty()) {
                return new Input.TaskDone(
                    "none", Map.of("checkResult", "no-recent-call", "windowHours", windowHours()));
              }
              call.events.add(
                  new AuditEvent(
                      "recent-call-found",
                      call.callSid,
                      call.contactId,
                      Map.of("technician", found.get().technicianId())));
              return new Input.TaskDone("called", calledFacts(found.get(), now));
            });
  }

  private String windowHours() {
    return Long.toString(recentCalls.window().toHours());
  }

  private static Map<String, String> calledFacts(RecentCalls.Found found, Instant now) {
    Map<String, String> facts = new HashMap<>();
    facts.put("technician", found.technicianName());
    facts.put("technicianId", found.technicianId());
    facts.put("calledWhen", SpokenTimes.when(found.placedAt(), now, found.zone()));
    facts.put("calledAgo", SpokenTimes.ago(found.placedAt(), now));
    facts.put("checkResult", "called");
    return facts;
  }

  /**
   * Says whether an ID belongs to a current technician; whether that technician called is told only
   * to a verified caller. An ID that is not a current technician's names nobody.
   */
  private Future<Input.TaskDone> checkTechnician(
      SqlConnection conn, CallRecord call, String entered, Instant now) {
    if (!entered.matches("[0-9]{1,10}")) {
      return Future.succeededFuture(technicianChecked(call, "unknown", Map.of()));
    }
    return recentCalls
        .technician(conn, call.tenant.id(), entered)
        .compose(
            found -> {
              Map<String, String> facts = new HashMap<>();
              facts.put("enteredId", entered);
              facts.put("windowHours", windowHours());
              if (found.isEmpty()) {
                return Future.succeededFuture(technicianChecked(call, "unknown", facts));
              }
              if (!found.get().active()) {
                return Future.succeededFuture(technicianChecked(call, "former", facts));
              }
              facts.put("technician", found.get().name());
              facts.put("technicianId", found.get().id());
              if (!verified(call)) {
                return Future.succeededFuture(technicianChecked(call, "genuine", facts));
              }
              return recentCalls
                  .latestBy(conn, call.tenant.id(), call.contactId, entered, now)
                  .map(
                      called -> {
                        if (called.isEmpty()) {
                          return technicianChecked(call, "not-called", facts);
                        }
                        facts.putAll(calledFacts(called.get(), now));
                        return technicianChecked(call, "called", facts);
                      });
            });
  }

  private static Input.TaskDone technicianChecked(
      CallRecord call, String outcome, Map<String, String> facts) {
    Map<String, String> all = new HashMap<>(facts);
    String result =
        switch (outcome) {
          case "former" -> "former-technician";
          case "unknown" -> "unknown-technician";
          case "not-called" -> "technician-did-not-call";
          default -> outcome;
        };
    all.put("checkResult", result);
    Map<String, String> data = new HashMap<>();
    data.put("result", outcome);
    data.put("technician_id", facts.getOrDefault("enteredId", "invalid"));
    call.events.add(new AuditEvent("technician-id-checked", call.callSid, call.contactId, data));
    return new Input.TaskDone(outcome, all);
  }

  private static Input.TaskDone reportImpersonation(CallRecord call, String reason) {
    Map<String, String> data = new HashMap<>();
    data.put("alert", "possible-impersonation");
    data.put("reason", reason);
    data.put("caller", PhoneNumbers.mask(call.from));
    data.put("badge", call.badge.word().spelling());
    if (call.badge.company() != null) {
      data.put("company", call.badge.company());
    }
    call.events.add(new AuditEvent("hotline-no-call", call.callSid, call.contactId, data));
    log.warn(
        "tenant={} call={} flow={} step={} possible impersonation of the MSP ({}): caller {} ({},"
            + " {}) was phoned by someone claiming to be a technician; call them back",
        call.tenant.id(),
        call.callSid,
        call.flow,
        call.step,
        reason,
        PhoneNumbers.mask(call.from),
        call.badge.word().spelling(),
        call.badge.company() == null ? "company unknown" : call.badge.company());
    return new Input.TaskDone("done");
  }

  /** The intent goes on the badge and in the audit trail; what the caller said goes nowhere. */
  private static Input.TaskDone recordIntent(CallRecord call, String intent) {
    call.badge = call.badge.withIntent(intent);
    call.events.add(
        new AuditEvent(
            "intent-recognised", call.callSid, call.contactId, Map.of("intent", intent)));
    log.info(
        "tenant={} call={} flow={} step={} caller says the call is about {}",
        call.tenant.id(),
        call.callSid,
        call.flow,
        call.step,
        intent);
    return new Input.TaskDone(intent, Map.of(FlowEngine.INTENT, intent));
  }

  private static Input.TaskDone identified(CallRecord call, Identification found, String kind) {
    Map<String, String> facts = new HashMap<>();
    if (found.caller().isPresent()) {
      Caller caller = found.caller().get();
      call.contactId = caller.contactId();
      call.badge =
          new Badge(
              Badge.Word.CALLER_ID,
              null,
              null,
              caller.fullName(),
              caller.company(),
              caller.authorisedRequester() ? "yes" : "no",
              call.badge.risk());
      if ("caller-self-identified".equals(kind)) {
        call.badge = call.badge.as(Badge.Word.UNVERIFIED, null, null).withRisk("self-identified");
      }
      facts.put("firstName", caller.firstName());
      facts.put("company", caller.company());
      if (caller.language() != null) {
        facts.put(FlowEngine.LANGUAGE, caller.language());
      }
    } else if ("caller-identified".equals(kind)) {
      call.badge = call.badge.as(Badge.Word.UNVERIFIED, null, found.result().outcome() + "-number");
    }
    call.events.add(
        new AuditEvent(
            kind, call.callSid, call.contactId, Map.of("result", found.result().outcome())));
    return new Input.TaskDone(found.result().outcome(), facts);
  }

  private Future<Input.TaskDone> start(
      SqlConnection conn, CallRecord call, String method, Instant now) {
    if (call.contactId == null) {
      return Future.failedFuture(
          new IllegalStateException(
              "flow '"
                  + call.flow
                  + "' starts a verification at step '"
                  + call.step
                  + "' before the caller was identified"));
    }
    String caller =
        PhoneNumbers.isWithheld(call.from)
            ? null
            : PhoneNumbers.toE164(call.from, call.tenant.defaultRegion()).orElse(call.from);
    VerificationRequest request =
        new VerificationRequest(
            call.tenant, call.contactId, call.callSid, caller, call.stir, null, method);
    return verification.start(conn, request, now).map(started -> afterStart(call, started));
  }

  private static Input.TaskDone afterStart(CallRecord call, Started started) {
    call.events.addAll(started.events());
    if (started.verificationId() != null) {
      call.verificationId = started.verificationId();
    }
    switch (started.outcome()) {
      case FAILED:
        call.badge = call.badge.as(Badge.Word.FAILED, null, started.reason());
        break;
      case LOCKED:
        call.badge = call.badge.as(Badge.Word.LOCKED, null, started.reason());
        break;
      case UNAVAILABLE:
        if (call.badge.word() == Badge.Word.PENDING) {
          call.badge = call.badge.as(Badge.Word.PENDING, call.badge.method(), started.reason());
        } else if (call.badge.word() == Badge.Word.CALLER_ID
            || call.badge.word() == Badge.Word.UNVERIFIED) {
          // A self-identified caller stays unverified, but the technician must still see why no
          // code was sent (a limit, no trusted mobile).
          call.badge = call.badge.as(call.badge.word(), null, started.reason());
        }
        break;
      default:
        call.textQueued = true;
        call.badge = call.badge.as(Badge.Word.PENDING, method(started.outcome()), null);
        break;
    }
    return new Input.TaskDone(started.outcome().word(), started.facts());
  }

  private static Input.TaskDone asSent(Input.TaskDone done) {
    boolean sent = "sms".equals(done.outcome());
    return new Input.TaskDone(sent ? "sent" : "unavailable", done.facts());
  }

  private static String method(Started.Outcome outcome) {
    return switch (outcome) {
      case PUSH -> "push";
      case EMAIL -> "email-code";
      default -> "sms-code";
    };
  }

  private static Input.TaskDone afterApproval(CallRecord call, CodeCheck state, boolean star) {
    call.events.addAll(state.events());
    if (state.result() == CodeCheck.Result.WAITING) {
      return new Input.TaskDone(star ? "star" : "waiting");
    }
    return afterCheck(call, state);
  }

  private static Input.TaskDone afterCheck(CallRecord call, CodeCheck check) {
    call.events.addAll(check.events());
    String method = call.badge.method();
    switch (check.result()) {
      case VERIFIED:
        boolean email = "email-code".equals(method);
        call.badge =
            call.badge.as(email ? Badge.Word.EMAIL_VERIFIED : Badge.Word.VERIFIED, method, null);
        break;
      case DENIED:
        call.badge = call.badge.as(Badge.Word.DENIED, method, check.reason());
        break;
      case FAILED:
      case EXPIRED:
        boolean locked = check.events().stream().anyMatch(e -> "contact-locked".equals(e.kind()));
        call.badge =
            call.badge.as(
                Badge.Word.FAILED,
                method,
                locked ? check.reason() + ",now-locked" : check.reason());
        break;
      default:
        break;
    }
    String outcome =
        switch (check.result()) {
          case VERIFIED ->
              call.badge.method() != null && call.badge.method().equals("push")
                  ? "approved"
                  : "verified";
          default -> check.result().outcome();
        };
    return new Input.TaskDone(
        outcome, Map.of("attemptsLeft", Integer.toString(check.attemptsLeft())));
  }
}
