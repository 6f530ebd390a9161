package io.callproof.call;

import io.callproof.audit.AuditEvent;
import io.callproof.directory.Caller;
import io.callproof.directory.Directory;
import io.callproof.directory.Identification;
import io.callproof.directory.PhoneNumbers;
import io.callproof.flow.Input;
import io.callproof.flow.Task;
import io.callproof.route.Badge;
import io.callproof.verify.CodeCheck;
import io.callproof.verify.Started;
import io.callproof.verify.VerificationRequest;
import io.callproof.verify.VerificationService;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Runs the tasks a flow asks for against the directory and the verification service, and keeps the
 * call's badge in step with what they prove.
 */
final class TaskRunner {

  private final Directory directory;
  private final VerificationService verification;

  TaskRunner(Directory directory, VerificationService verification) {
    this.directory = directory;
    this.verification = verification;
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
    if (task instanceof Task.StartVerification) {
      return start(conn, call, null, now);
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
