package io.callproof.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Known answers made by independent implementations (OpenSSL, Python's cryptography). */
class CryptoKnownAnswerTest {

  private static Key key(String id, int fill) {
    byte[] bytes = new byte[32];
    Arrays.fill(bytes, (byte) fill);
    return new Key(id, bytes);
  }

  @Test
  void codeHash_isHmacSha256OfTenantVerificationAndCode() {
    CodeHasher hasher = new CodeHasher(key("t1", 2));

    byte[] hash = hasher.hash("acme-msp", "0f8fad5b-d9cb-469f-a165-70867728950e", "123456");

    // openssl dgst -sha256 -mac HMAC -macopt hexkey:0202...02 over the same message
    assertThat(HexFormat.of().formatHex(hash))
        .isEqualTo("651a3e88f4b5cb65220cd50ada0a0902f925d5c2351aec6549271c4710fc3057");
  }

  @Test
  void codeHash_matchesOnlyTheSameCodeForTheSameVerification() {
    CodeHasher hasher = new CodeHasher(key("t1", 2));
    byte[] stored = hasher.hash("acme-msp", "v1", "123456");

    assertThat(hasher.matches("acme-msp", "v1", "123456", stored)).isTrue();
    assertThat(hasher.matches("acme-msp", "v1", "123457", stored)).isFalse();
    assertThat(hasher.matches("acme-msp", "v2", "123456", stored)).isFalse();
    assertThat(hasher.matches("other", "v1", "123456", stored)).isFalse();
  }

  @Test
  void sealer_opensAValueSealedByPythonCryptography() {
    byte[] sealed =
        Base64.getDecoder()
            .decode("AnQxAAECAwQFBgcICQoLz8PmUg2fcw2WR5OrSwymlCwVrSvuczeGtVvn9YBWPQ==");

    String plain = new Sealer(key("t1", 1)).open(sealed, "twilio-auth-token:acme-msp");

    assertThat(plain).isEqualTo("test-auth-token");
  }

  @Test
  void sealer_refusesAnotherContextAnAlteredValueAndAnUnknownKey() {
    Sealer sealer = new Sealer(key("t1", 1));
    byte[] sealed = sealer.seal("secret", "twilio-auth-token:acme-msp");
    byte[] altered = sealed.clone();
    altered[altered.length - 1] ^= 1;

    assertThatThrownBy(() -> sealer.open(sealed, "twilio-auth-token:other"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> sealer.open(altered, "twilio-auth-token:acme-msp"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Sealer(key("t2", 1)).open(sealed, "twilio-auth-token:acme-msp"))
        .hasMessageContaining("unknown key");
  }

  @Test
  void sealer_opensValuesOfAnOlderKeyAfterRotation() {
    Key old = key("t1", 1);
    byte[] sealed = new Sealer(old).seal("secret", "ctx");

    assertThat(new Sealer(key("t2", 3), old).open(sealed, "ctx")).isEqualTo("secret");
  }

  @Test
  void key_parseRefusesBadInputWithoutEchoingIt() {
    assertThatThrownBy(() -> Key.parse("nocolon")).hasMessage("expected id:base64 of 32 bytes");
    assertThatThrownBy(() -> Key.parse("k1:c2hvcnQ=")).hasMessage("a key is 32 bytes, got 5");
    assertThatThrownBy(() -> Key.parse("k1:!!!")).hasMessage("the part after ':' is not base64");
  }
}
