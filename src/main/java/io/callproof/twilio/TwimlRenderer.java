package io.callproof.twilio;

import com.twilio.http.HttpMethod;
import com.twilio.twiml.VoiceResponse;
import com.twilio.twiml.voice.Client;
import com.twilio.twiml.voice.Dial;
import com.twilio.twiml.voice.Gather;
import com.twilio.twiml.voice.Hangup;
import com.twilio.twiml.voice.Identity;
import com.twilio.twiml.voice.Number;
import com.twilio.twiml.voice.Parameter;
import com.twilio.twiml.voice.Play;
import com.twilio.twiml.voice.Say;
import io.callproof.call.Answer;
import io.callproof.directory.Tenant;
import io.callproof.flow.FlowEngine;
import io.callproof.flow.LineAction;
import io.callproof.ivr.Catalogs;
import io.callproof.ivr.PromptCatalog;
import io.callproof.route.Badge;
import io.callproof.route.OutboundService;
import io.callproof.route.Technician;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Turns a call's answer into TwiML with the Twilio SDK's builders. */
final class TwimlRenderer {

  private final Catalogs catalogs;
  private final PromptCatalog prompts;
  private final String language;
  private final SpeechOptions speech;
  private final int gatherTimeoutSeconds;
  private final int dialTimeoutSeconds;
  private final Optional<URI> holdAudio;

  /**
   * @param holdAudio audio played during each hold segment, or none for silence
   */
  TwimlRenderer(
      Catalogs catalogs,
      SpeechOptions speech,
      int gatherTimeoutSeconds,
      int dialTimeoutSeconds,
      Optional<URI> holdAudio) {
    this.holdAudio = holdAudio;
    this.catalogs = catalogs;
    this.prompts = catalogs.reference();
    this.language = catalogs.defaultLocale();
    this.speech = speech;
    this.gatherTimeoutSeconds = gatherTimeoutSeconds;
    this.dialTimeoutSeconds = dialTimeoutSeconds;
  }

  /**
   * @param base the public URL prefix that action URLs start with
   */
  String render(Tenant tenant, String callSid, Answer answer, String base) {
    VoiceResponse.Builder twiml = new VoiceResponse.Builder();
    for (LineAction action : answer.actions()) {
      if (action instanceof LineAction.Say say) {
        String locale = localeOf(say.params());
        twiml.say(say(catalogs.of(locale).voice(say.prompt(), say.params()), locale));
      } else if (action instanceof LineAction.Gather gather) {
        twiml.gather(gather(gather, base + TwilioWebhooks.TURN_PATH + "?turn=" + answer.turn()));
      } else if (action instanceof LineAction.Hold hold) {
        twiml.gather(hold(hold, base + TwilioWebhooks.TURN_PATH + "?turn=" + answer.turn()));
      } else if (action instanceof LineAction.Connect) {
        connect(twiml, tenant, callSid, answer, base);
      } else {
        twiml.hangup(new Hangup.Builder().build());
      }
    }
    return TwimlXml.of(twiml.build());
  }

  /**
   * Collects keys, and speech too when the step accepts it and Twilio speech is on: in the call's
   * language, with the step's hints. Keys still end the gather as before.
   */
  private Gather gather(LineAction.Gather gather, String action) {
    String locale = gather.locale() == null ? language : gather.locale();
    Gather.Builder builder =
        new Gather.Builder()
            .numDigits(gather.maxDigits())
            .timeout(gatherTimeoutSeconds)
            .finishOnKey("#")
            .actionOnEmptyResult(true)
            .method(HttpMethod.POST)
            .action(action)
            .say(say(catalogs.of(locale).voice(gather.prompt(), gather.params()), locale));
    if (gather.speech() && speech.enabled()) {
      builder
          .inputs(List.of(Gather.Input.DTMF, Gather.Input.SPEECH))
          .language(Gather.Language.valueOf(enumName(locale)))
          .speechTimeout(speech.speechTimeout());
      if (!gather.hints().isEmpty()) {
        builder.hints(String.join(", ", gather.hints()));
      }
    } else {
      builder.inputs(Gather.Input.DTMF);
    }
    return builder.build();
  }

  /** The locale a say is spoken in: the call's, which its facts carry, or the default. */
  private String localeOf(Map<String, String> params) {
    return params.getOrDefault(FlowEngine.LANGUAGE, language);
  }

  private static String enumName(String locale) {
    return locale.toUpperCase(java.util.Locale.ROOT).replace('-', '_');
  }

  /**
   * One hold segment while a push approval is awaited: a one-key gather that waits the segment's
   * length (or plays the hold audio) and then reports what was pressed, or an empty result, so that
   * the call looks at the approval between segments and a {@code *} is heard at any moment. Nothing
   * else may end it: {@code #} is a key like any.
   */
  private Gather hold(LineAction.Hold hold, String action) {
    Gather.Builder gather =
        new Gather.Builder()
            .inputs(Gather.Input.DTMF)
            .numDigits(1)
            .finishOnKey("")
            .actionOnEmptyResult(true)
            .method(HttpMethod.POST)
            .action(action);
    if (holdAudio.isPresent()) {
      gather.play(new Play.Builder(holdAudio.get().toString()).build()).timeout(1);
    } else {
      gather.timeout(hold.seconds());
    }
    return gather.build();
  }

  private void connect(
      VoiceResponse.Builder twiml, Tenant tenant, String callSid, Answer answer, String base) {
    Dial.Builder dial =
        new Dial.Builder()
            .action(base + TwilioWebhooks.DIALLED_PATH)
            .method(HttpMethod.POST)
            .timeout(dialTimeoutSeconds)
            .answerOnBridge(true);
    int legs = 0;
    for (Technician tech : answer.technicians()) {
      if (tech.clientIdentity() != null) {
        dial.client(client(tech.clientIdentity(), answer.badge(), callSid));
        legs++;
      }
      if (tech.phone() != null) {
        dial.number(
            new Number.Builder(tech.phone())
                .url(base + TwilioWebhooks.WHISPER_PATH + "?call=" + callSid)
                .method(HttpMethod.POST)
                .build());
        legs++;
      }
    }
    if (legs == 0 && tenant.fallbackNumber().isPresent()) {
      dial.number(tenant.fallbackNumber().get());
      legs++;
    }
    if (legs == 0) {
      twiml.say(say(prompts.voice("no-technician", Map.of("msp", tenant.name()))));
      twiml.hangup(new Hangup.Builder().build());
      return;
    }
    twiml.dial(dial.build());
  }

  private static Client client(String identity, Badge badge, String callSid) {
    Client.Builder client = new Client.Builder().identity(new Identity.Builder(identity).build());
    badge.fields().forEach((name, value) -> client.parameter(param(name, value)));
    client.parameter(param("call", callSid));
    return client.build();
  }

  private static Parameter param(String name, String value) {
    return new Parameter.Builder().name(name).value(value).build();
  }

  /**
   * An outbound call the contact answered: who is calling and how to check the call on the MSP's
   * verification line, then the technician (softphone and phone, as they have them).
   */
  String outbound(Tenant tenant, UUID id, OutboundService.Answered answered, String base) {
    Technician tech = answered.technician();
    Map<String, String> params = new HashMap<>();
    params.put("msp", tenant.name());
    params.put("technician", tech.name());
    params.put("technicianId", tech.id());
    params.put("hotline", tenant.hotlineNumber().orElse("").replace("+", ""));
    VoiceResponse.Builder twiml =
        new VoiceResponse.Builder().say(say(prompts.voice("outbound-announcement", params)));
    Dial.Builder dial =
        new Dial.Builder()
            .action(base + TwilioWebhooks.DIALLED_PATH)
            .method(HttpMethod.POST)
            .timeout(dialTimeoutSeconds)
            .answerOnBridge(true);
    if (tech.clientIdentity() != null) {
      dial.client(
          new Client.Builder()
              .identity(new Identity.Builder(tech.clientIdentity()).build())
              .parameter(param("outbound", id.toString()))
              .parameter(param("contact", answered.contactName()))
              .build());
    }
    if (tech.phone() != null) {
      dial.number(new Number.Builder(tech.phone()).build());
    }
    if (tech.clientIdentity() == null && tech.phone() == null) {
      return TwimlXml.of(
          twiml
              .say(say(prompts.voice("no-technician", Map.of("msp", tenant.name()))))
              .hangup(new Hangup.Builder().build())
              .build());
    }
    return TwimlXml.of(twiml.dial(dial.build()).build());
  }

  /** Ends the call at once. */
  String hangup() {
    return TwimlXml.of(new VoiceResponse.Builder().hangup(new Hangup.Builder().build()).build());
  }

  /** The static answer: dial the helpdesk's own number, unverified, touching no database. */
  String fallback(Tenant tenant) {
    VoiceResponse.Builder twiml =
        new VoiceResponse.Builder()
            .say(say(prompts.voice("fallback", Map.of("msp", tenant.name()))));
    if (tenant.fallbackNumber().isPresent()) {
      twiml.dial(
          new Dial.Builder()
              .timeout(dialTimeoutSeconds)
              .number(new Number.Builder(tenant.fallbackNumber().get()).build())
              .build());
    } else {
      twiml.say(say(prompts.voice("no-technician", Map.of("msp", tenant.name()))));
      twiml.hangup(new Hangup.Builder().build());
    }
    return TwimlXml.of(twiml.build());
  }

  /** What a technician who answers on a phone number hears before the caller is put through. */
  String whisper(Badge badge) {
    return TwimlXml.of(
        new VoiceResponse.Builder()
            .say(say(prompts.voice("whisper", Map.of("badgeSpoken", badge.spoken()))))
            .build());
  }

  /** Ends a call whose technicians did not answer. */
  String notAnswered(Tenant tenant) {
    return TwimlXml.of(
        new VoiceResponse.Builder()
            .say(say(prompts.voice("no-technician", Map.of("msp", tenant.name()))))
            .hangup(new Hangup.Builder().build())
            .build());
  }

  private Say say(String text) {
    return say(text, language);
  }

  private Say say(String text, String locale) {
    Say.Builder say = new Say.Builder(text).language(Say.Language.valueOf(enumName(locale)));
    speech.voice(locale).ifPresent(say::voice);
    return say.build();
  }
}
