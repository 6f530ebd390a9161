package io.callproof.audit;

import io.vertx.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The stable encoding of an audit event that its seal covers, and the chain's hash.
 *
 * <p>The encoding is UTF-8 text, one field a line, each line ending in {@code \n}:
 *
 * <pre>
 * callproof-audit-event-v1
 * tenant &lt;len&gt;:&lt;tenant id&gt;
 * id &lt;len&gt;:&lt;event id in decimal&gt;
 * at &lt;len&gt;:&lt;UTC time, yyyy-MM-ddTHH:mm:ss.SSSSSSZ&gt;
 * kind &lt;len&gt;:&lt;kind&gt;
 * call &lt;len&gt;:&lt;call SID&gt;          or  call -
 * contact &lt;len&gt;:&lt;contact UUID&gt;    or  contact -
 * data &lt;number of entries&gt;
 * &lt;len&gt;:&lt;key&gt; &lt;len&gt;:&lt;value&gt;      one line per entry, by key
 * </pre>
 *
 * <p>{@code len} is the length of what follows the colon in UTF-8 bytes, in decimal, so that no
 * value can pass for another field whatever characters it holds. Data entries are sorted by the
 * UTF-8 bytes of their keys. A value that is not a JSON string is written {@code <len>:<key> json
 * <len>:<JSON text>}.
 *
 * <p>A seal's hash is SHA-256 over the previous seal's hash (32 bytes; 32 zero bytes before a
 * tenant's first event) followed by the encoding.
 */
final class CanonicalEvent {

  /** The previous hash of a tenant's first seal. */
  static final byte[] GENESIS = new byte[32];

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

  private CanonicalEvent() {}

  /** The encoding of {@code event}. */
  static byte[] encode(StoredEvent event) {
    StringBuilder text = new StringBuilder("callproof-audit-event-v1\n");
    field(text, "tenant", event.tenantId());
    field(text, "id", Long.toString(event.id()));
    field(text, "at", TIME.format(event.at()));
    field(text, "kind", event.kind());
    field(text, "call", event.callSid());
    field(text, "contact", event.contactId() == null ? null : event.contactId().toString());

    List<String> keys =
        event.data().fieldNames().stream()
            .sorted(Comparator.comparing(CanonicalEvent::utf8, Arrays::compareUnsigned))
            .toList();
    text.append("data ").append(keys.size()).append('\n');
    for (String key : keys) {
      Object value = event.data().getValue(key);
      text.append(counted(key)).append(' ');
      if (value instanceof String s) {
        text.append(counted(s));
      } else {
        text.append("json ").append(counted(Json.encode(value)));
      }
      text.append('\n');
    }
    return utf8(text.toString());
  }

  /** The hash of the seal that follows {@code previousHash} and covers {@code event}. */
  static byte[] link(byte[] previousHash, StoredEvent event) {
    MessageDigest sha256 = sha256();
    sha256.update(previousHash);
    sha256.update(encode(event));
    return sha256.digest();
  }

  /** The time as the encoding writes it. */
  static String time(java.time.Instant at) {
    return TIME.format(at);
  }

  private static void field(StringBuilder text, String name, String value) {
    text.append(name).append(' ').append(value == null ? "-" : counted(value)).append('\n');
  }

  private static String counted(String value) {
    return utf8(value).length + ":" + value;
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this Java has no SHA-256", e);
    }
  }
}
