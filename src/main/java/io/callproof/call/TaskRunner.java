package io.callproof.call;

import io.callproof.audit.AuditEvent;
import io.callproof.directory.Caller;
import io.callproof.directory.Directory;
import io.callproof.flow.Input;
import io.callproof.flow.Task;
import io.callproof.route.Badge;
import io.callproof.verify.CodeCheck;
import io.callproof.verify.CodeSend;
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
      return identify(call);
    }
    if (task instanceof Task.SendCode) {
      return sendCode(conn, call, now);
    }
    if (call.verificationId == null) {
      return Future.failedFuture(
          new IllegalStateException(
              "flow '"
                  + call.flow
                  + "' asks for a code at step '"
                  + call.step
                  + "' before one was sent"));
    }
    Future<CodeCheck> check =
        task instanceof Task.CheckCode entered
            ? verification.checkCode(
                conn, call.tenant.id(), call.verificationId, entered.entered(), now)
            : verification.noEntry(conn, call.tenant.id(), call.verificationId, now);
    return check.map(result -> afterCheck(call, result));
  }

  private Future<Input.TaskDone> identify(CallRecord call) {
    return directory
        .identify(call.tenant, call.from)
        .map(
            found -> {
              Map<String, String> data = new HashMap<>();
              data.put("result", found.result().outcome());
              Map<String, String> facts = new HashMap<>();
              if (found.caller().isPresent()) {
                Caller caller = found.caller().get();
                call.contactId = caller.contactId();
                call.badge =
                    new Badge(
                        Badge.Word.CALLER_ID, null, null, caller.fullName(), caller.company());
                facts.put("firstName", caller.firstName());
                facts.put("company", caller.company());
              } else {
                call.badge = Badge.unverified(found.result().outcome() + "-number");
              }
              call.events.add(
                  new AuditEvent("caller-identified", call.callSid, call.contactId, data));
              return new Input.TaskDone(found.result().outcome(), facts);
            });
  }

  private Future<Input.TaskDone> sendCode(SqlConnection conn, CallRecord call, Instant now) {
    if (call.contactId == null) {
      return Future.failedFuture(
          new IllegalStateException(
              "flow '"
                  + call.flow
                  + "' sends a code at step '"
                  + call.step
                  + "' before the caller was identified"));
    }
    return verification
        .sendCode(conn, call.tenant, call.contactId, call.verificationId, call.callSid, now)
        .map(sent -> afterSend(call, sent));
  }

  private Input.TaskDone afterSend(CallRecord call, CodeSend sent) {
    call.events.addAll(sent.events());
    call.verificationId = sent.verificationId();
    if (!sent.sent()) {
      Badge.Word word =
          "contact-disabled".equals(sent.reason()) ? Badge.Word.FAILED : Badge.Word.CALLER_ID;
      call.badge = call.badge.as(word, null, sent.reason());
      return new Input.TaskDone("unavailable");
    }
    call.textQueued = true;
    call.badge = call.badge.as(Badge.Word.PENDING, "sms-code", null);
    return new Input.TaskDone(
        "sent",
        Map.of(
            "mobileEnding", sent.mobileEnding(),
            "codeLength", Integer.toString(verification.policy().codeLength()),
            "minutes", Long.toString(verification.policy().codeLifetime().toMinutes())));
  }

  private Input.TaskDone afterCheck(CallRecord call, CodeCheck check) {
    call.events.addAll(check.events());
    switch (check.result()) {
      case VERIFIED:
        call.badge = call.badge.as(Badge.Word.VERIFIED, "sms-code", null);
        break;
      case FAILED:
      case EXPIRED:
        call.badge = call.badge.as(Badge.Word.FAILED, "sms-code", check.reason());
        break;
      default:
        break;
    }
    return new Input.TaskDone(
        check.result().outcome(), Map.of("attemptsLeft", Integer.toString(check.attemptsLeft())));
  }
}
