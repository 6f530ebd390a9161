package io.callproof.audit;

import io.vertx.core.json.JsonObject;
import java.util.Optional;

/**
 * What a check of a tenant's chain found.
 *
 * @param tenantId the tenant
 * @param length the number of seals read, which is the last position when the chain is whole
 * @param lastHash the hash of the last seal read, in hexadecimal, or {@code null} for no seals
 * @param head the exported head the chain was compared with, if any
 * @param broken the first broken link, if any
 * @param unsealed events not sealed yet (the newest ones, until the next round)
 */
public record ChainReport(
    String tenantId,
    long length,
    String lastHash,
    Optional<AuditHead> head,
    Optional<BrokenLink> broken,
    long unsealed) {

  /**
   * The first place the chain does not hold.
   *
   * @param position its position in the chain, from 1
   * @param eventId the event sealed there, or -1 when there is none
   * @param problem what is wrong, for a person
   */
  public record BrokenLink(long position, long eventId, String problem) {}

  /** True when every link holds and the chain still contains the exported head. */
  public boolean intact() {
    return broken.isEmpty();
  }

  /** The report as the API answers it. */
  public JsonObject toJson() {
    JsonObject json =
        new JsonObject()
            .put("tenant", tenantId)
            .put("intact", intact())
            .put("length", length)
            .put("lastHash", lastHash)
            .put("unsealed", unsealed)
            .put("head", head.map(AuditHead::toJson).orElse(null));
    broken.ifPresent(
        b ->
            json.put(
                "firstBroken",
                new JsonObject()
                    .put("position", b.position())
                    .put("eventId", b.eventId() < 0 ? null : b.eventId())
                    .put("problem", b.problem())));
    return json;
  }

  /** One paragraph for the command line. */
  public String describe() {
    StringBuilder text = new StringBuilder("tenant " + tenantId + ": ");
    if (broken.isPresent()) {
      BrokenLink b = broken.get();
      text.append("BROKEN at position ").append(b.position()).append(": ").append(b.problem());
    } else {
      text.append("chain intact, ").append(length).append(" events sealed");
      if (lastHash != null) {
        text.append(", head ").append(length).append(' ').append(lastHash);
      }
      text.append(
          head.map(
                  h ->
                      "; contains the head exported at "
                          + h.exportedAt()
                          + " (position "
                          + h.position()
                          + ")")
              .orElse(
                  "; no exported head to compare with, so a chain cut short at its end"
                      + " would pass"));
    }
    text.append("; ").append(unsealed).append(" events not sealed yet");
    return text.toString();
  }
}
