package io.callproof.audit;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * The end of a tenant's chain as it was exported: enough to tell later whether the chain was
 * truncated or rewritten since.
 *
 * @param tenantId the tenant
 * @param position the position of the last seal, from 1
 * @param hash that seal's hash, in lowercase hexadecimal
 * @param exportedAt when it was written out
 */
public record AuditHead(String tenantId, long position, String hash, Instant exportedAt) {

  /** The head as its export file holds it. */
  public JsonObject toJson() {
    return new JsonObject()
        .put("tenant", tenantId)
        .put("position", position)
        .put("hash", hash)
        .put("exportedAt", exportedAt.toString());
  }

  /**
   * Reads a head from its export file's content.
   *
   * @throws IllegalArgumentException naming what is missing or malformed
   */
  public static AuditHead fromJson(String source, String text) {
    try {
      JsonObject json = new JsonObject(text);
      String hash = json.getString("hash");
      if (json.getString("tenant") == null
          || json.getLong("position") == null
          || hash == null
          || !hash.matches("[0-9a-f]{64}")
          || json.getString("exportedAt") == null) {
        throw new IllegalArgumentException("missing or malformed field");
      }
      return new AuditHead(
          json.getString("tenant"),
          json.getLong("position"),
          hash,
          Instant.parse(json.getString("exportedAt")));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          source
              + " is not an audit head (expected JSON with tenant, position, hash as 64 hex"
              + " digits and exportedAt): "
              + e.getMessage(),
          e);
    }
  }
}
