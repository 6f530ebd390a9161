package io.callproof.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Plays one helpdesk call as Asterisk plays a FastAGI conversation, without blocking: it connects,
 * sends the channel's {@code agi_} variables and a blank line, and answers each command with one
 * {@code 200 result=...} line, as a live channel would. Prompts play at once; {@code GET DATA} is
 * answered with the code from the text to the caller's mobile. The call completes when the server
 * ends the conversation after setting {@code CALLPROOF_BADGE} to {@code verified}.
 *
 * <p>A turn is timed from the line that gave the server the caller's input (the variables, or the
 * digits) to the next command, which is when the server has stored what the input changed.
 */
final class AgiPlayer implements Player {

  private static final Pattern SET_VARIABLE =
      Pattern.compile("SET VARIABLE \"?([^\" ]+)\"? \"(.*)\"");
  private static final AtomicLong IDS = new AtomicLong(1);

  private final NetClient net;
  private final int port;
  private final String script;
  private final Texts texts;
  private final Pauses pauses;
  private final String helpdesk;

  /**
   * @param port the FastAGI server's loopback port
   * @param script the AGI script path, which names the flow, such as {@code helpdesk}
   * @param pauses the caller's pauses: before typing the code, and after the call is handed back to
   *     the dialplan (the talk with the technician)
   * @param helpdesk the E.164 number the calls are made to
   */
  AgiPlayer(NetClient net, int port, String script, Texts texts, Pauses pauses, String helpdesk) {
    this.net = net;
    this.port = port;
    this.script = script;
    this.texts = texts;
    this.pauses = pauses;
    this.helpdesk = helpdesk;
  }

  @Override
  public Future<Void> play(String mobile, PhaseStats stats) {
    Future<Texts.Text> text = texts.expect(mobile);
    long queuedAt = System.nanoTime();
    return net.connect(port, "127.0.0.1")
        .compose(socket -> new Conversation(socket, mobile, text, stats, queuedAt).run())
        .compose(v -> pauses.next())
        .onFailure(e -> texts.forget(mobile));
  }

  /** One conversation on its socket; every handler runs on the generator's event loop. */
  private final class Conversation {
    private final NetSocket socket;
    private final String mobile;
    private final Future<Texts.Text> text;
    private final PhaseStats stats;
    private final long queuedAt;
    private final Promise<Void> done = Promise.promise();
    private final Map<String, String> variables = new HashMap<>();
    private long turnStartedAt;
    private boolean askedForCode;

    Conversation(
        NetSocket socket, String mobile, Future<Texts.Text> text, PhaseStats stats, long queuedAt) {
      this.socket = socket;
      this.mobile = mobile;
      this.text = text;
      this.stats = stats;
      this.queuedAt = queuedAt;
    }

    Future<Void> run() {
      long connectedAt = System.nanoTime();
      stats.connectionWait(queuedAt, connectedAt);
      socket.handler(RecordParser.newDelimited("\n", line -> command(line.toString().trim())));
      socket.exceptionHandler(e -> done.tryFail(new CallFailure("agi connection: " + e)));
      socket.closeHandler(v -> ended());
      turnStartedAt = connectedAt;
      socket.write(Buffer.buffer(greeting()));
      return done.future();
    }

    private void command(String command) {
      if (turnStartedAt != 0) {
        stats.webhook(turnStartedAt);
        turnStartedAt = 0;
      }
      if (command.startsWith("GET DATA") && !askedForCode) {
        askedForCode = true;
        typeCode();
      } else if (command.startsWith("GET DATA") || command.startsWith("WAIT FOR DIGIT")) {
        reply("200 result= (timeout)");
      } else if (command.startsWith("STREAM FILE")) {
        reply("200 result=0 endpos=12000");
      } else if (command.startsWith("SAY ")) {
        reply("200 result=0");
      } else if (command.startsWith("SET VARIABLE")) {
        Matcher m = SET_VARIABLE.matcher(command);
        if (m.matches()) {
          variables.put(m.group(1), m.group(2));
        }
        reply("200 result=1");
      } else {
        reply("200 result=1");
      }
    }

    private void typeCode() {
      long askedAt = System.nanoTime();
      Future<Texts.Text> arrived = text.onSuccess(t -> stats.textDelay(askedAt, t.arrivedAt()));
      Future.all(arrived, pauses.next())
          .onSuccess(
              both -> {
                turnStartedAt = System.nanoTime();
                reply("200 result=" + arrived.result().code());
              })
          .onFailure(
              e -> {
                done.tryFail(e);
                socket.close();
              });
    }

    private void reply(String line) {
      socket.write(line + "\n");
    }

    private void ended() {
      String badge = variables.get("CALLPROOF_BADGE");
      if ("verified".equals(badge)) {
        done.tryComplete();
      } else if (!askedForCode) {
        done.tryFail(new CallFailure("agi ended before the code was asked for"));
      } else {
        done.tryFail(
            new CallFailure(badge == null ? "agi ended without a badge" : "badge " + badge));
      }
    }

    private String greeting() {
      Map<String, String> env = new LinkedHashMap<>();
      env.put("agi_network", "yes");
      env.put("agi_network_script", script);
      env.put("agi_request", "agi://127.0.0.1:" + port + "/" + script);
      env.put("agi_channel", "PJSIP/carrier-" + IDS.get());
      env.put("agi_language", "en");
      env.put("agi_type", "PJSIP");
      env.put("agi_uniqueid", "1730559600." + IDS.getAndIncrement());
      env.put("agi_version", "22.1.0");
      env.put("agi_callerid", mobile);
      env.put("agi_calleridname", "unknown");
      env.put("agi_callingpres", "0");
      env.put("agi_dnid", helpdesk);
      env.put("agi_rdnis", "unknown");
      env.put("agi_context", "helpdesk");
      env.put("agi_extension", helpdesk);
      env.put("agi_priority", "2");
      env.put("agi_enhanced", "0.0");
      env.put("agi_accountcode", "");
      StringBuilder block = new StringBuilder(512);
      env.forEach((k, v) -> block.append(k).append(": ").append(v).append('\n'));
      return block.append('\n').toString();
    }
  }
}
