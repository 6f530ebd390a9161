package io.callproof.asterisk;

import io.callproof.call.Answer;
import io.callproof.call.CallContext;
import io.callproof.call.IncomingCall;
import io.callproof.directory.Tenant;
import io.callproof.flow.Flow;
import io.callproof.flow.Input;
import io.callproof.flow.LineAction;
import io.callproof.route.Badge;
import io.callproof.route.Technician;
import io.vertx.core.Future;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.asteriskjava.fastagi.AgiChannel;
import org.asteriskjava.fastagi.AgiException;
import org.asteriskjava.fastagi.AgiHangupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One call over a live FastAGI connection, on one AGI thread: each turn's prompts are played, a
 * gather collects digits with {@code GET DATA}, and the caller's input goes back to the call
 * service, until the flow routes or hangs up. A routed call's badge and targets become channel
 * variables and the conversation ends, so that the dialplan dials and no thread waits while a
 * technician talks.
 */
final class Conversation {

  /** Keys that end a prompt and start the caller's entry. */
  private static final String KEYPAD = "0123456789*#";

  /** Played by {@code GET DATA} when a gather's prompt ends with a spoken value, not a file. */
  private static final String SILENCE = "silence/1";

  private static final Logger log = LoggerFactory.getLogger(Conversation.class);
  private static final long TURN_TIMEOUT_SECONDS = 30;

  /**
   * How long the outcome of a listening may lag behind the end of the {@code AudioSocket}
   * application; it is normally there first, since the application ends when the outcome closes the
   * audio.
   */
  private static final long OUTCOME_AFTER_AUDIO_MILLIS = 5_000;

  private final FlowScript.Line line;
  private final AgiChannel channel;
  private final Tenant tenant;
  private final InetAddress pbx;
  private final InetAddress agiAddress;
  private final String uniqueId;
  private CallContext context;
  private String locale;
  private boolean speech;

  /**
   * @param agiAddress the address the PBX's FastAGI connection reached, where it also finds the
   *     AudioSocket server unless the line names another
   */
  Conversation(
      FlowScript.Line line,
      AgiChannel channel,
      Tenant tenant,
      InetAddress pbx,
      InetAddress agiAddress,
      String uniqueId,
      CallContext context) {
    this.line = line;
    this.channel = channel;
    this.tenant = tenant;
    this.pbx = pbx;
    this.agiAddress = agiAddress;
    this.uniqueId = uniqueId;
    this.context = context;
    this.locale = line.defaultLocale();
    this.speech = line.speech().isPresent();
  }

  /** Runs the call to its end on this line; never throws. */
  void run(Flow flow, IncomingCall call) {
    boolean started = false;
    try {
      Answer answer = await(line.calls().begin(tenant, flow, call));
      started = true;
      line.live().add(pbx, uniqueId, new LiveCalls.Live(tenant, context));
      while (answer != null) {
        answer = play(answer);
      }
    } catch (AgiHangupException e) {
      log.info("{} caller hung up during the flow", context);
      if (started) {
        end("caller-hung-up");
      }
    } catch (AgiException e) {
      log.warn(
          "{} AGI connection failed: {}; the dialplan sends the caller on unverified",
          context,
          e.toString());
    } catch (TurnFailed e) {
      log.warn(
          "{} turn failed: {}; no badge set, the dialplan sends the caller on unverified",
          context,
          e.getMessage());
    }
  }

  /** Plays one answer; returns the next, or {@code null} once the flow has left the line. */
  private Answer play(Answer answer) throws AgiException, TurnFailed {
    context = context.at("turn " + answer.turn());
    LineAction ending = answer.ending();
    if (ending instanceof LineAction.Gather g && g.locale() != null && !g.locale().equals(locale)) {
      speakIn(g.locale());
    }
    // A caller who starts typing while a turn that waits for digits is still speaking starts the
    // entry: the rest of the turn's prompts are skipped.
    String escape =
        ending instanceof LineAction.Gather ? KEYPAD : ending instanceof LineAction.Hold ? "*" : "";
    char key = 0;
    for (LineAction action : answer.actions()) {
      if (key == 0 && action instanceof LineAction.Say say) {
        key = playPrompt(say.prompt(), say.params(), escape);
      }
    }
    if (ending instanceof LineAction.Gather gather) {
      Input input = key != 0 ? keysAfter(key, gather.maxDigits()) : gather(gather);
      return await(line.calls().onCaller(tenant, context.callSid(), answer.turn(), input));
    }
    if (ending instanceof LineAction.Hold hold) {
      // One hold segment: listen for '*' (a code instead); the next turn looks at the approval,
      // which may have been answered on any node, since it lives in the database.
      char pressed = key != 0 ? key : channel.waitForDigit(hold.seconds() * 1000);
      if (channel.getLastReply().getResultCode() < 0) {
        throw new AgiHangupException();
      }
      Input input = pressed == 0 ? new Input.NoInput() : new Input.Digits(String.valueOf(pressed));
      return await(line.calls().onCaller(tenant, context.callSid(), answer.turn(), input));
    }
    if (ending instanceof LineAction.Connect) {
      handOver(answer);
      return null;
    }
    channel.hangup();
    end("completed");
    return null;
  }

  /**
   * Switches the call to another locale: its prompt files, and the channel's language, so that
   * {@code SAY DIGITS} and {@code SAY NUMBER} use Asterisk's sounds of that language.
   */
  private void speakIn(String newLocale) throws AgiException {
    if (!line.catalogs().containsKey(newLocale)) {
      log.warn(
          "{} no prompt catalog for {} on this line; the call goes on in {}",
          context,
          newLocale,
          locale);
      return;
    }
    channel.setVariable("CHANNEL(language)", newLocale.split("-")[0]);
    locale = newLocale;
    log.info("{} speaking {}", context, locale);
  }

  private Input gather(LineAction.Gather gather) throws AgiException {
    if (gather.speech() && speech) {
      return listen(gather);
    }
    return keypad(gather, parts(gather.prompt(), gather.params()));
  }

  /**
   * Plays the prompt, then streams the caller's audio to the recogniser with {@code AudioSocket}
   * until it has heard an answer, a key is pressed or the time is up. When speech cannot be had
   * (the recogniser is unreachable, the PBX does not connect) the answer is collected on the
   * keypad, and the rest of the call stays on the keypad: a failure never stands for an answer.
   */
  private Input listen(LineAction.Gather gather) throws AgiException {
    for (PromptAudio.Part part : parts(gather.prompt(), gather.params())) {
      char key = playPart(part, KEYPAD);
      if (key != 0) {
        return keysAfter(key, gather.maxDigits());
      }
    }
    AudioSocketServer server = line.speech().orElseThrow();
    AudioSocketServer.Listening listening = server.expect(pbx, context, locale, gather.hints());
    AudioSocketServer.Outcome outcome;
    int result;
    try {
      result = channel.exec("AudioSocket", listening.id(), service(server));
      if (!listening.connected()) {
        listening.finish(
            new AudioSocketServer.Outcome.Failed(
                "the PBX's AudioSocket application returned "
                    + result
                    + " without connecting (is app_audiosocket loaded, and "
                    + service(server)
                    + " reachable from the PBX?)"));
      }
      outcome = listening.await(OUTCOME_AFTER_AUDIO_MILLIS);
    } finally {
      listening.finish(new AudioSocketServer.Outcome.Gone());
    }
    if (outcome instanceof AudioSocketServer.Outcome.Spoke spoke) {
      return new Input.Spoken(spoke.transcript(), spoke.confidence());
    }
    if (outcome instanceof AudioSocketServer.Outcome.Key key) {
      return keysAfter(key.key(), gather.maxDigits());
    }
    if (outcome instanceof AudioSocketServer.Outcome.Silence) {
      return new Input.NoInput();
    }
    if (outcome instanceof AudioSocketServer.Outcome.Gone && result < 0) {
      throw new AgiHangupException();
    }
    String reason =
        outcome instanceof AudioSocketServer.Outcome.Failed failed
            ? failed.reason()
            : "the PBX ended the audio early";
    speech = false;
    log.warn("{} speech unavailable: {}; this call goes on with the keypad", context, reason);
    return keypad(gather, List.of());
  }

  /** Where the PBX finds the AudioSocket server, as {@code AudioSocket}'s service argument. */
  private String service(AudioSocketServer server) {
    String host = line.audioSocketAddress().orElseGet(agiAddress::getHostAddress);
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + server.port();
  }

  /**
   * Collects digits with {@code GET DATA}: the prompt's parts are played, the last file by {@code
   * GET DATA} itself; without parts, a moment of silence.
   */
  private Input keypad(LineAction.Gather gather, List<PromptAudio.Part> parts) throws AgiException {
    String prompt = SILENCE;
    if (!parts.isEmpty() && parts.get(parts.size() - 1) instanceof PromptAudio.File last) {
      prompt = last.name();
      parts = parts.subList(0, parts.size() - 1);
    }
    for (PromptAudio.Part part : parts) {
      char key = playPart(part, KEYPAD);
      if (key != 0) {
        return keysAfter(key, gather.maxDigits());
      }
    }
    String typed = channel.getData(prompt, line.gatherTimeoutMillis(), gather.maxDigits());
    if ("-1".equals(typed)) {
      throw new AgiHangupException();
    }
    // "200 result=12 (timeout)" gives "12": partial digits are an entry, and a wrong one.
    return typed == null || typed.isEmpty() ? new Input.NoInput() : new Input.Digits(typed);
  }

  /** Collects the rest of an entry the caller started while a prompt was playing. */
  private Input keysAfter(char first, int maxDigits) throws AgiException {
    StringBuilder typed = new StringBuilder();
    char key = first;
    while (key != '#') {
      typed.append(key);
      if (typed.length() >= maxDigits) {
        break;
      }
      key = channel.waitForDigit(line.gatherTimeoutMillis());
      if (channel.getLastReply().getResultCode() < 0) {
        throw new AgiHangupException();
      }
      if (key == 0) {
        break;
      }
    }
    return typed.length() == 0 ? new Input.NoInput() : new Input.Digits(typed.toString());
  }

  /** Plays a prompt; returns the key that interrupted it, or 0. */
  private char playPrompt(String prompt, Map<String, String> params, String escape)
      throws AgiException {
    for (PromptAudio.Part part : parts(prompt, params)) {
      char key = playPart(part, escape);
      if (key != 0) {
        return key;
      }
    }
    return 0;
  }

  private List<PromptAudio.Part> parts(String prompt, Map<String, String> params) {
    String template = line.prompts(locale).voiceTemplate(prompt).orElse("");
    return line.audio().parts(tenant.id(), locale, prompt, template, params);
  }

  private char playPart(PromptAudio.Part part, String escape) throws AgiException {
    if (part instanceof PromptAudio.File file) {
      return channel.streamFile(file.name(), escape);
    }
    if (part instanceof PromptAudio.Digits digits) {
      return channel.sayDigits(digits.digits(), escape);
    }
    if (part instanceof PromptAudio.DateTime time) {
      return channel.sayDateTime(time.epochSecond(), escape, time.format(), time.zone());
    }
    return channel.sayNumber(((PromptAudio.Number) part).number(), escape);
  }

  /**
   * Sets the badge and the technicians' endpoints for the dialplan. The badge goes last: a dialplan
   * that finds it set finds the rest set too.
   */
  private void handOver(Answer answer) throws AgiException {
    Badge badge = answer.badge();
    String targets =
        answer.technicians().stream()
            .map(Technician::sipEndpoint)
            .filter(Objects::nonNull)
            .collect(Collectors.joining("&"));
    channel.setVariable("CALLPROOF_TARGETS", targets);
    channel.setVariable("CALLPROOF_METHOD", text(badge.method()));
    channel.setVariable("CALLPROOF_REASON", text(badge.reason()));
    channel.setVariable("CALLPROOF_CONTACT", text(badge.contact()));
    channel.setVariable("CALLPROOF_COMPANY", text(badge.company()));
    channel.setVariable("CALLPROOF_INTENT", text(badge.intent()));
    channel.setVariable("CALLPROOF_BADGE", badge.word().spelling());
    if (!line.hangupsWatched()) {
      line.live().remove(pbx, uniqueId);
    }
    log.info(
        "{} handed to the dialplan with badge {} and {} target(s)",
        context,
        badge.word().spelling(),
        targets.isEmpty() ? 0 : targets.split("&").length);
  }

  private void end(String lineStatus) {
    line.live().remove(pbx, uniqueId);
    try {
      await(line.calls().end(tenant, context.callSid(), lineStatus));
    } catch (TurnFailed e) {
      log.warn("{} could not be closed: {}", context, e.getMessage());
    }
  }

  private static String text(String value) {
    return value == null ? "" : value;
  }

  private <T> T await(Future<T> future) throws TurnFailed {
    try {
      return future
          .toCompletionStage()
          .toCompletableFuture()
          .get(TURN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new TurnFailed(String.valueOf(e.getCause()));
    } catch (TimeoutException e) {
      throw new TurnFailed("no answer from the call service within " + TURN_TIMEOUT_SECONDS + " s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TurnFailed("interrupted");
    }
  }

  /** The call service could not answer a turn (database down, a broken flow). */
  private static final class TurnFailed extends Exception {
    TurnFailed(String message) {
      super(message);
    }
  }
}
