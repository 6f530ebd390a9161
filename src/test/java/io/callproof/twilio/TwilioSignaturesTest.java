package io.callproof.twilio;

import static org.assertj.core.api.Assertions.assertThat;

import io.callproof.phone.TwilioSigner;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TwilioSignaturesTest {

  /** Twilio's documented example of a signed request. */
  private static final String URL = "https://mycompany.com/myapp.php?foo=1&bar=2";

  private static final Map<String, String> PARAMS =
      Map.of(
          "CallSid",
          "CA1234567890ABCDE",
          "Caller",
          "+12349013030",
          "Digits",
          "1234",
          "From",
          "+12349013030",
          "To",
          "+18005551212");

  @Test
  void signer_matchesTwilioDocumentedSignature() {
    assertThat(TwilioSigner.sign("12345", URL, PARAMS)).isEqualTo("0/KCTR6DLpKmkAf8muzZqo1nDgQ=");
  }

  @Test
  void check_acceptsTheDocumentedSignature() {
    var verdict = TwilioSignatures.check("12345", URL, PARAMS, "0/KCTR6DLpKmkAf8muzZqo1nDgQ=");

    assertThat(verdict.valid()).isTrue();
    assertThat(verdict.unsigned()).isEmpty();
  }

  @Test
  void check_refusesAnotherTokenOrChangedParameter() {
    Map<String, String> changed = new HashMap<>(PARAMS);
    changed.put("Digits", "1235");

    assertThat(TwilioSignatures.check("54321", URL, PARAMS, "0/KCTR6DLpKmkAf8muzZqo1nDgQ=").valid())
        .isFalse();
    assertThat(
            TwilioSignatures.check("12345", URL, changed, "0/KCTR6DLpKmkAf8muzZqo1nDgQ=").valid())
        .isFalse();
    assertThat(TwilioSignatures.check("12345", URL, PARAMS, null).valid()).isFalse();
  }

  @Test
  void check_acceptsParametersAddedAfterSigning_asUnsigned() {
    Map<String, String> sent = new HashMap<>(PARAMS);
    sent.put("StirVerstat", "TN-Validation-Passed-A");
    sent.put("CallToken", "%7B%22parentCallInfoToken%22%3A%22...%22%7D");

    var verdict = TwilioSignatures.check("12345", URL, sent, "0/KCTR6DLpKmkAf8muzZqo1nDgQ=");

    assertThat(verdict.valid()).isTrue();
    assertThat(verdict.unsigned()).containsExactlyInAnyOrder("StirVerstat", "CallToken");
  }

  @Test
  void check_doesNotDropOtherParameters() {
    Map<String, String> sent = new HashMap<>(PARAMS);
    sent.put("Extra", "x");

    assertThat(TwilioSignatures.check("12345", URL, sent, "0/KCTR6DLpKmkAf8muzZqo1nDgQ=").valid())
        .isFalse();
  }
}
