package io.callproof.message;

import io.callproof.directory.Tenant;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.mail.MailClient;
import io.vertx.ext.mail.MailConfig;
import io.vertx.ext.mail.MailMessage;
import io.vertx.ext.mail.StartTLSOptions;

/** Sends email through an SMTP server with Vert.x's mail client. */
public final class SmtpMailSender implements MailSender {

  private final MailClient client;
  private final String from;

  /**
   * @param startTls {@code required}, {@code optional} or {@code disabled}
   */
  public SmtpMailSender(
      Vertx vertx,
      String host,
      int port,
      String username,
      String password,
      String from,
      String startTls) {
    MailConfig config =
        new MailConfig()
            .setHostname(host)
            .setPort(port)
            .setStarttls(StartTLSOptions.valueOf(startTls.toUpperCase(java.util.Locale.ROOT)))
            .setKeepAlive(true);
    if (username != null) {
      config.setUsername(username).setPassword(password);
    }
    this.client = MailClient.createShared(vertx, config, "callproof-smtp");
    this.from = from;
  }

  @Override
  public Future<String> send(Tenant tenant, String to, String subject, String body) {
    MailMessage message =
        new MailMessage()
            .setFrom(tenant.name() + " helpdesk <" + from + ">")
            .setTo(to)
            .setSubject(subject)
            .setText(body);
    return client.sendMail(message).map(result -> result.getMessageID());
  }
}
