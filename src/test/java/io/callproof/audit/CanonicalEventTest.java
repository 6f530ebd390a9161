package io.callproof.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Known answers for the chain's hash, computed apart from this code with the shell:
 *
 * <pre>
 * printf 'callproof-audit-event-v1\ntenant 4:acme\n...' &gt; e1.txt
 * { head -c32 /dev/zero; cat e1.txt; } | sha256sum
 * { printf "$H1" | xxd -r -p; cat e2.txt; } | sha256sum
 * </pre>
 *
 * (and the first again with {@code openssl dgst -sha256}).
 */
class CanonicalEventTest {

  private static final StoredEvent CODE_SENT =
      new StoredEvent(
          "acme",
          42,
          Instant.parse("2026-11-02T15:00:00.123456Z"),
          "code-sent",
          "CA0123",
          UUID.fromString("1b4e28ba-2fa1-11d2-883f-0016d3cca427"),
          new JsonObject(Map.of("to", "...0121", "attempt", "2")));

  private static final StoredEvent ADMIN_CHANGE =
      new StoredEvent(
          "acme",
          43,
          Instant.parse("2026-11-02T15:00:01Z"),
          "admin-change",
          null,
          null,
          new JsonObject(Map.of("name", "Zo\u00eb")));

  @Test
  void encoding_isCountedFieldsWithDataSortedByKey() {
    String text = new String(CanonicalEvent.encode(CODE_SENT), StandardCharsets.UTF_8);

    assertThat(text)
        .isEqualTo(
            "callproof-audit-event-v1\n"
                + "tenant 4:acme\n"
                + "id 2:42\n"
                + "at 27:2026-11-02T15:00:00.123456Z\n"
                + "kind 9:code-sent\n"
                + "call 6:CA0123\n"
                + "contact 36:1b4e28ba-2fa1-11d2-883f-0016d3cca427\n"
                + "data 2\n"
                + "7:attempt 1:2\n"
                + "2:to 7:...0121\n");
  }

  @Test
  void encoding_writesAbsentCallAndContactAsDash_andCountsUtf8Bytes() {
    String text = new String(CanonicalEvent.encode(ADMIN_CHANGE), StandardCharsets.UTF_8);

    assertThat(text)
        .contains("at 27:2026-11-02T15:00:01.000000Z\n", "call -\ncontact -\n")
        .endsWith("data 1\n4:name 4:Zo\u00eb\n");
  }

  @Test
  void firstLink_hashesZeroBytesThenTheEncoding_knownAnswer() {
    byte[] hash = CanonicalEvent.link(CanonicalEvent.GENESIS, CODE_SENT);

    assertThat(HexFormat.of().formatHex(hash))
        .isEqualTo("3ca80d852bd72781948f0cb8faee4c4b59a8f1ecc567ddd4d57d61bacfea9d4c");
  }

  @Test
  void nextLink_hashesThePreviousHashThenTheEncoding_knownAnswer() {
    byte[] first = CanonicalEvent.link(CanonicalEvent.GENESIS, CODE_SENT);

    byte[] second = CanonicalEvent.link(first, ADMIN_CHANGE);

    assertThat(HexFormat.of().formatHex(second))
        .isEqualTo("18ca43aa88e188e8d6a739c5f34b6ff3da2920b826050199ab48c55e6dd293de");
  }

  @Test
  void aValueHoldingAFieldSeparator_cannotPassForAnotherEncoding() {
    StoredEvent sneaky =
        new StoredEvent(
            "acme", 42, CODE_SENT.at(), "code-sent", "CA0123\ncontact -", null, new JsonObject());
    StoredEvent plain =
        new StoredEvent("acme", 42, CODE_SENT.at(), "code-sent", "CA0123", null, new JsonObject());

    assertThat(CanonicalEvent.encode(sneaky)).isNotEqualTo(CanonicalEvent.encode(plain));
  }
}
