package io.callproof.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** VAPID tokens (RFC 8292) as push services check them, and the key pair's stored form. */
class VapidKeysTest {

  // RFC 8292 section 2.4: a token and the public key it was signed with.
  private static final String RFC_TOKEN =
      "eyJ0eXAiOiJKV1QiLCJhbGciOiJFUzI1NiJ9.eyJhdWQiOiJodHRwczovL3B1c2guZXhhbXBsZS5uZXQiLCJleHAi"
          + "OjE0NTM1MjM3NjgsInN1YiI6Im1haWx0bzpwdXNoQGV4YW1wbGUuY29tIn0.i3CYb7t4xfxCDquptFOepC9GAu"
          + "_HLGkMlMuCGSK2rpiUfnK9ojFwDXb1JrErtmysazNjjvW2L9OkSSHzvoD1oA";
  private static final String RFC_KEY =
      "BA1Hxzyi1RUM1b5wjxsn7nGxAszw2u61m164i3MrAIxHF6YK5h4SDYic-dRuU_RCPCfA5aq9ojSwk5Y2EmClBPs";

  private static final URI ENDPOINT = URI.create("https://push.example.net/push/JzLQ3raZJfFBR0aq");
  private static final String SUBJECT = "mailto:helpdesk@secure-it.example";
  private static final Instant NOW = Instant.parse("2025-03-04T10:15:30Z");

  private static String segment(String json) {
    return P256.base64Url(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void verifier_acceptsRfc8292sOwnExampleAndItsClaims() {
    VapidVerifier.Claims claims = VapidVerifier.verify("vapid t=" + RFC_TOKEN + ", k=" + RFC_KEY);

    assertThat(claims)
        .isEqualTo(
            new VapidVerifier.Claims(
                "https://push.example.net", 1453523768L, "mailto:push@example.com", RFC_KEY));
  }

  @Test
  void verifier_refusesRfc8292sExampleWithOneClaimChanged() {
    String[] parts = RFC_TOKEN.split("\\.");
    String forged =
        parts[0]
            + "."
            + segment(
                "{\"aud\":\"https://push.example.net\",\"exp\":1453523769,"
                    + "\"sub\":\"mailto:push@example.com\"}")
            + "."
            + parts[2];

    assertThatThrownBy(() -> VapidVerifier.verify(forged, RFC_KEY))
        .hasMessage("token signature does not verify with k");
  }

  @Test
  void authorization_isAnEs256JwtForTheEndpointsOriginThatTheJdkVerifies() {
    VapidKeys keys = VapidKeys.generate();

    String header = keys.authorization(ENDPOINT, SUBJECT, NOW);

    assertThat(header).matches("vapid t=[\\w-]+\\.[\\w-]+\\.[\\w-]+, k=[\\w-]{87}");
    String token = header.substring("vapid t=".length(), header.indexOf(", k="));
    String[] parts = token.split("\\.");
    assertThat(new String(P256.fromBase64Url(parts[0], "header"), StandardCharsets.UTF_8))
        .isEqualTo("{\"typ\":\"JWT\",\"alg\":\"ES256\"}");
    assertThat(P256.fromBase64Url(parts[2], "signature")).hasSize(64);
    assertThat(
            new JsonObject(
                new String(P256.fromBase64Url(parts[1], "claims"), StandardCharsets.UTF_8)))
        .isEqualTo(
            new JsonObject()
                .put("aud", "https://push.example.net")
                .put("exp", NOW.plusSeconds(12 * 3600).getEpochSecond())
                .put("sub", SUBJECT));
    assertThat(VapidVerifier.verify(header))
        .isEqualTo(
            new VapidVerifier.Claims(
                "https://push.example.net",
                NOW.plusSeconds(12 * 3600).getEpochSecond(),
                SUBJECT,
                keys.publicKeyBase64Url()));
  }

  @Test
  void authorization_audienceKeepsOnlyANonDefaultPort() {
    assertThat(VapidKeys.origin(URI.create("https://push.example.net:443/p/1")))
        .isEqualTo("https://push.example.net");
    assertThat(VapidKeys.origin(URI.create("https://push.example.net:8443/p/1")))
        .isEqualTo("https://push.example.net:8443");
    assertThat(VapidKeys.origin(URI.create("http://127.0.0.1:41234/push/1")))
        .isEqualTo("http://127.0.0.1:41234");
  }

  @Test
  void keys_storedAsRawBase64Url_loadBackToTheSamePair() {
    VapidKeys keys = VapidKeys.generate();

    VapidKeys loaded =
        VapidKeys.fromBase64Url(keys.publicKeyBase64Url(), keys.privateKeyBase64Url());

    assertThat(P256.fromBase64Url(keys.publicKeyBase64Url(), "public")).hasSize(65).startsWith(4);
    assertThat(P256.fromBase64Url(keys.privateKeyBase64Url(), "private")).hasSize(32);
    assertThat(loaded.publicKeyBase64Url()).isEqualTo(keys.publicKeyBase64Url());
    assertThat(VapidVerifier.verify(loaded.authorization(ENDPOINT, SUBJECT, NOW)).key())
        .isEqualTo(keys.publicKeyBase64Url());
  }

  @Test
  void fromBase64Url_refusesHalvesOfTwoPairsAndMalformedKeysWithoutEchoingThem() {
    VapidKeys one = VapidKeys.generate();
    VapidKeys other = VapidKeys.generate();

    assertThatThrownBy(
            () -> VapidKeys.fromBase64Url(one.publicKeyBase64Url(), other.privateKeyBase64Url()))
        .hasMessageStartingWith("the VAPID public key does not belong to the VAPID private key")
        .message()
        .doesNotContain(other.privateKeyBase64Url());
    assertThatThrownBy(() -> VapidKeys.fromBase64Url(one.publicKeyBase64Url(), "c2hvcnQ"))
        .hasMessage(
            "VAPID private key must be a P-256 private key (32 bytes below the curve order)");
    assertThatThrownBy(() -> VapidKeys.fromBase64Url("", one.privateKeyBase64Url()))
        .hasMessage("VAPID public key is missing");
  }

  @Test
  void authorization_withASubjectThatIsNoContact_isRefused() {
    VapidKeys keys = VapidKeys.generate();

    assertThatThrownBy(() -> keys.authorization(ENDPOINT, "helpdesk@secure-it.example", NOW))
        .hasMessage(
            "the VAPID subject must be a contact for the push service, mailto:address or"
                + " https://url, got 'helpdesk@secure-it.example'");
    assertThat(keys.authorization(ENDPOINT, "https://secure-it.example/contact", NOW))
        .startsWith("vapid t=");
  }

  @Test
  void toString_neverShowsThePrivateKey() {
    VapidKeys keys = VapidKeys.generate();

    assertThat(keys.toString()).doesNotContain(keys.privateKeyBase64Url());
  }
}
