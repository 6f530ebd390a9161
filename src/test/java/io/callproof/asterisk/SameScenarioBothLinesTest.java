package io.callproof.asterisk;

import static io.callproof.support.Helpdesk.HELPDESK;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.callproof.phone.SimulatedCall;
import io.callproof.support.AgiPeer;
import io.callproof.support.Await;
import io.callproof.support.Helpdesk;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One scenario file (who calls, what they type, the badge and audit trail expected) played over
 * Twilio and over Asterisk: both lines run the same flow and must end the same way.
 */
class SameScenarioBothLinesTest {

  private static final List<String> SCENARIOS =
      List.of("verified-by-code", "wrong-then-silent", "unknown-caller");

  private static Helpdesk helpdesk;

  /**
   * A scenario file.
   *
   * @param enter each entry: {@code code}, {@code wrong} or {@code silence}
   * @param badge the badge's fields that must match (badge, and method or reason where given)
   */
  record Scenario(
      String name,
      String caller,
      List<String> enter,
      Map<String, String> badge,
      List<String> audit) {
    @Override
    public String toString() {
      return name;
    }
  }

  /** What a line ended with: the badge's fields it carried and the call's audit trail. */
  record Outcome(Map<String, String> badge, List<String> audit) {}

  @BeforeAll
  static void start() throws Exception {
    helpdesk = Helpdesk.withAsterisk(Map.of());
  }

  @AfterAll
  static void stop() {
    helpdesk.close();
  }

  static Stream<Arguments> scenariosOnBothLines() throws IOException {
    List<Arguments> all = new ArrayList<>();
    for (String name : SCENARIOS) {
      Scenario scenario = load(name);
      all.add(Arguments.of(scenario, "twilio"));
      all.add(Arguments.of(scenario, "asterisk"));
    }
    return all.stream();
  }

  @ParameterizedTest(name = "{0} over {1}")
  @MethodSource("scenariosOnBothLines")
  void scenario_reachesTheSameOutcomeOnEitherLine(Scenario scenario, String line)
      throws IOException {
    helpdesk.nextTest();

    Outcome outcome = "twilio".equals(line) ? overTwilio(scenario) : overAsterisk(scenario);

    assertThat(outcome.badge()).containsAllEntriesOf(scenario.badge());
    assertThat(outcome.audit()).containsExactlyElementsOf(scenario.audit());
  }

  private static Outcome overTwilio(Scenario scenario) {
    SimulatedCall call = helpdesk.twilio.call(scenario.caller(), HELPDESK).place();
    for (String entry : scenario.enter()) {
      if ("silence".equals(entry)) {
        call.silence();
      } else {
        call.press(digits(scenario, entry));
      }
    }
    assertThat(call.state()).isEqualTo(SimulatedCall.State.DIALLING);
    Map<String, String> badge = new LinkedHashMap<>(call.legs().get(0).parameters());
    call.hangUp();
    return new Outcome(badge, helpdesk.auditKinds(call.sid()));
  }

  private static Outcome overAsterisk(Scenario scenario) throws IOException {
    AgiPeer call = helpdesk.agiCall(scenario.caller());
    for (String entry : scenario.enter()) {
      call.untilGetData();
      call.reply(
          "silence".equals(entry)
              ? "200 result= (timeout)"
              : "200 result=" + digits(scenario, entry));
    }
    call.toEnd();
    helpdesk.awaitAmiLoggedIn();
    helpdesk.ami.hangup(call.uniqueId());
    Await.until(
        () -> "ended".equals(helpdesk.callStatus(call.callSid())) ? true : null,
        Duration.ofSeconds(10),
        "the AMI hang-up to close the call");
    Map<String, String> badge = new LinkedHashMap<>();
    call.variables()
        .forEach(
            (name, value) -> {
              if (name.startsWith("CALLPROOF_") && !value.isEmpty()) {
                badge.put(name.substring("CALLPROOF_".length()).toLowerCase(), value);
              }
            });
    return new Outcome(badge, helpdesk.auditKinds(call.callSid()));
  }

  private static String digits(Scenario scenario, String entry) {
    String code = helpdesk.codeTextedTo(scenario.caller());
    return "wrong".equals(entry) ? (code.charAt(0) == '9' ? "1" : "9") + code.substring(1) : code;
  }

  private static Scenario load(String name) throws IOException {
    JsonNode yaml;
    try (InputStream in =
        SameScenarioBothLinesTest.class.getResourceAsStream("/scenarios/" + name + ".yaml")) {
      yaml = new ObjectMapper(new YAMLFactory()).readTree(in);
    }
    List<String> enter = new ArrayList<>();
    yaml.path("enter").forEach(e -> enter.add(e.asText()));
    List<String> audit = new ArrayList<>();
    yaml.path("audit").forEach(e -> audit.add(e.asText()));
    Map<String, String> badge = new LinkedHashMap<>();
    for (String field : List.of("badge", "method", "reason")) {
      if (yaml.has(field)) {
        badge.put(field, yaml.get(field).asText());
      }
    }
    return new Scenario(name, yaml.path("caller").asText(), enter, badge, audit);
  }
}
