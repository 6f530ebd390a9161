package io.callproof.verify;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** A verification as an answer finds it, locked for the rest of the transaction. */
record Pending(
    String tenantId,
    UUID id,
    String callSid,
    UUID contactId,
    String callerNumber,
    String method,
    int wrongEntries,
    int wrongNumbers,
    int silences,
    byte[] hash,
    Instant expires,
    Instant approvalExpires,
    boolean emailCode,
    CodeCheck done) {

  static Future<Pending> load(SqlClient tx, String tenantId, UUID id) {
    return tx.preparedQuery(
            "select status, reason, method, wrong_entries, wrong_numbers, silences, code_hash,"
                + " code_expires_at, approval_expires_at, email_code, call_sid, contact_id,"
                + " caller_number"
                + " from verification where tenant_id = $1 and id = $2 for update")
        .execute(Tuple.of(tenantId, id))
        .map(
            rows -> {
              if (rows.size() == 0) {
                throw new IllegalStateException("verification " + id + " does not exist");
              }
              Row row = rows.iterator().next();
              Buffer hash = row.getBuffer("code_hash");
              return new Pending(
                  tenantId,
                  id,
                  row.getString("call_sid"),
                  row.getUUID("contact_id"),
                  row.getString("caller_number"),
                  row.getString("method"),
                  row.getInteger("wrong_entries"),
                  row.getInteger("wrong_numbers"),
                  row.getInteger("silences"),
                  hash == null ? null : hash.getBytes(),
                  instant(row.getOffsetDateTime("code_expires_at")),
                  instant(row.getOffsetDateTime("approval_expires_at")),
                  row.getBoolean("email_code"),
                  done(row.getString("status"), row.getString("reason")));
            });
  }

  private static CodeCheck done(String status, String reason) {
    CodeCheck.Result result =
        switch (status) {
          case "pending" -> null;
          case "verified", "email-verified" -> CodeCheck.Result.VERIFIED;
          case "denied" -> CodeCheck.Result.DENIED;
          default -> CodeCheck.Result.FAILED;
        };
    return result == null ? null : new CodeCheck(result, 0, reason, List.of());
  }

  private static Instant instant(OffsetDateTime time) {
    return time == null ? null : time.toInstant();
  }
}
