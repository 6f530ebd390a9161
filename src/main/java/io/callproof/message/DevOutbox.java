package io.callproof.message;

import io.callproof.directory.PhoneNumbers;
import io.callproof.directory.Tenant;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The development outbox: in demo mode, texts for a tenant without a real Twilio account are kept
 * here instead of sent, so that a flow can be tried without a phone. The log shows them with every
 * digit masked; the demo-only outbox page shows them whole. Holds the latest 200.
 */
public final class DevOutbox implements TextSender, MailSender, PushSender {

  /**
   * A text the outbox took.
   *
   * @param id the id it was given, as a provider would
   * @param tenantId whose text it is
   * @param to E.164 number
   * @param body the whole text
   * @param at when it was taken
   */
  public record Text(String id, String tenantId, String to, String body, Instant at) {}

  private static final Logger log = LoggerFactory.getLogger(DevOutbox.class);
  private static final int KEPT = 200;

  private final Clock clock;
  private final Deque<Text> texts = new ArrayDeque<>();

  public DevOutbox(Clock clock) {
    this.clock = clock;
  }

  @Override
  public synchronized String send(Tenant tenant, String to, String body) {
    Text text =
        new Text(
            "DEV" + UUID.randomUUID().toString().replace("-", ""),
            tenant.id(),
            to,
            body,
            clock.instant());
    texts.addFirst(text);
    while (texts.size() > KEPT) {
      texts.removeLast();
    }
    log.info(
        "tenant={} outbox message {} to {}: {}",
        tenant.id(),
        text.id(),
        to.startsWith("+") ? PhoneNumbers.mask(to) : "a registered address or device",
        body.replaceAll("(/(approve|enrol)/)[A-Za-z0-9_-]+", "$1…").replaceAll("[0-9]", "•"));
    return text.id();
  }

  @Override
  public io.vertx.core.Future<String> send(Tenant tenant, String to, String subject, String body) {
    return io.vertx.core.Future.succeededFuture(send(tenant, to, subject + "\n" + body));
  }

  @Override
  public io.vertx.core.Future<Result> send(Tenant tenant, Target target, String payload) {
    send(tenant, "push " + target.endpoint(), payload);
    return io.vertx.core.Future.succeededFuture(Result.DELIVERED);
  }

  /** The texts held, newest first. */
  public synchronized List<Text> texts() {
    return List.copyOf(texts);
  }
}
