package io.callproof.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.interfaces.ECPublicKey;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** RFC 8291's worked example (section 5 and Appendix A), byte for byte, and its refusals. */
class PushEncryptionTest {

  // RFC 8291 Appendix A: the user agent's keys, the application server's ephemeral keys, the
  // salt and authentication secret, and the resulting body.
  private static final String PLAINTEXT = "When I grow up, I want to be a watermelon";
  private static final String UA_PUBLIC =
      "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4";
  private static final String UA_PRIVATE = "q1dXpw3UpT5VOmu_cf_v6ih07Aems3njxI-JWgLcM94";
  private static final String AS_PUBLIC =
      "BP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A8";
  private static final String AS_PRIVATE = "yfWPiYE-n46HLnH0KqZOF1fJJU3MYrct3AELtAQ-oRw";
  private static final String AUTH_SECRET = "BTBZMqHH6r4Tts7J_aSIgg";
  private static final String SALT = "DGv6ra1nlYgDCS1FRnbzlw";
  private static final String BODY =
      "DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYW"
          + "AmS6TlzAC8wEqKK6PBru3jl7A_yl95bQpu6cVPTpK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQe"
          + "xSgSxsj_Qulcy4a-fN";

  private static byte[] b64(String text) {
    return P256.fromBase64Url(text, "vector");
  }

  private static KeyPair pair(String publicKey, String privateKey) {
    return new KeyPair(
        P256.publicKey(b64(publicKey), "public"), P256.privateKey(b64(privateKey), "private"));
  }

  private static PushSubscription subscriptionOf(KeyPair device, byte[] authSecret) {
    return new PushSubscription(
        "https://push.example.net/push/abc",
        P256.base64Url(P256.raw((ECPublicKey) device.getPublic())),
        P256.base64Url(authSecret));
  }

  @Test
  void encrypt_rfc8291AppendixA_reproducesTheBodyByteForByte() {
    byte[] body =
        PushEncryption.encrypt(
            PLAINTEXT.getBytes(StandardCharsets.UTF_8),
            b64(UA_PUBLIC),
            b64(AUTH_SECRET),
            pair(AS_PUBLIC, AS_PRIVATE),
            b64(SALT));

    assertThat(P256.base64Url(body)).isEqualTo(BODY);
  }

  @Test
  void decrypt_rfc8291AppendixA_givesThePlaintext() {
    byte[] plaintext =
        PushEncryption.decrypt(b64(BODY), pair(UA_PUBLIC, UA_PRIVATE), b64(AUTH_SECRET));

    assertThat(new String(plaintext, StandardCharsets.UTF_8)).isEqualTo(PLAINTEXT);
  }

  @Test
  void rfc8291AppendixA_bodyCarriesTheSaltRecordSizeAndKeyGivenSeparately() {
    byte[] body = b64(BODY);

    assertThat(Arrays.copyOfRange(body, 0, 16)).isEqualTo(b64(SALT));
    assertThat(Arrays.copyOfRange(body, 16, 20)).containsExactly(0, 0, 0x10, 0);
    assertThat(body[20]).isEqualTo((byte) 65);
    assertThat(Arrays.copyOfRange(body, 21, 86)).isEqualTo(b64(AS_PUBLIC));
    assertThat(body.length).isEqualTo(86 + PLAINTEXT.length() + 1 + 16);
  }

  @Test
  void encrypt_withFreshKeys_decryptsOnTheDeviceAndDiffersEachTime() {
    KeyPair device = P256.generate();
    byte[] auth = new byte[16];
    auth[0] = 7;
    byte[] payload = "{\"approval\":\"a1\"}".getBytes(StandardCharsets.UTF_8);

    byte[] first = PushEncryption.encrypt(payload, subscriptionOf(device, auth));
    byte[] second = PushEncryption.encrypt(payload, subscriptionOf(device, auth));

    assertThat(PushEncryption.decrypt(first, device, auth)).isEqualTo(payload);
    assertThat(PushEncryption.decrypt(second, device, auth)).isEqualTo(payload);
    assertThat(Arrays.copyOf(first, 16)).isNotEqualTo(Arrays.copyOf(second, 16));
    assertThat(Arrays.copyOfRange(first, 21, 86)).isNotEqualTo(Arrays.copyOfRange(second, 21, 86));
  }

  @Test
  void encrypt_theLargestPayload_fillsExactlyOne4096ByteBody() {
    KeyPair device = P256.generate();
    byte[] auth = new byte[16];
    byte[] payload = new byte[PushEncryption.MAX_PAYLOAD_BYTES];
    Arrays.fill(payload, (byte) 'x');

    byte[] body = PushEncryption.encrypt(payload, subscriptionOf(device, auth));

    assertThat(PushEncryption.MAX_PAYLOAD_BYTES).isEqualTo(3993);
    assertThat(body).hasSize(4096);
    assertThat(PushEncryption.decrypt(body, device, auth)).isEqualTo(payload);
  }

  @Test
  void encrypt_onePayloadByteTooMany_isRefusedSayingTheLimit() {
    PushSubscription subscription = subscriptionOf(P256.generate(), new byte[16]);

    assertThatThrownBy(() -> PushEncryption.encrypt(new byte[3994], subscription))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "push payload is 3994 bytes; at most 3993 fit in one aes128gcm record of 4096 bytes");
  }

  @Test
  void decrypt_anAlteredBodyOrAnotherAuthSecret_isRefused() {
    byte[] altered = b64(BODY);
    altered[altered.length - 20] ^= 1;
    byte[] otherAuth = b64(AUTH_SECRET);
    otherAuth[0] ^= 1;
    KeyPair device = pair(UA_PUBLIC, UA_PRIVATE);

    assertThatThrownBy(() -> PushEncryption.decrypt(altered, device, b64(AUTH_SECRET)))
        .hasMessageContaining("does not decrypt");
    assertThatThrownBy(() -> PushEncryption.decrypt(b64(BODY), device, otherAuth))
        .hasMessageContaining("does not decrypt");
    assertThatThrownBy(() -> PushEncryption.decrypt(new byte[40], device, otherAuth))
        .hasMessageContaining("shorter than header");
  }
}
