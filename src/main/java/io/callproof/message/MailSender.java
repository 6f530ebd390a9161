package io.callproof.message;

import io.callproof.directory.Tenant;
import io.vertx.core.Future;

/** Hands an email to whatever delivers it: an SMTP server, or the demo's development outbox. */
public interface MailSender {

  /**
   * Sends one email.
   *
   * @param to the address
   * @param body may hold a code: implementations never log it
   * @return the delivery's id (the server's message id, or the outbox's)
   */
  Future<String> send(Tenant tenant, String to, String subject, String body);
}
