package io.callproof.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Plays Asterisk's side of a FastAGI conversation over TCP, as Asterisk 22 speaks it: the {@code
 * agi_} variables and a blank line, then one {@code 200 result=...} reply per command; after a
 * hang-up a bare {@code HANGUP} line and {@code 511} to every later command.
 */
public final class AgiPeer implements AutoCloseable {

  private static final AtomicLong IDS = new AtomicLong(1);
  private static final Pattern SET_VARIABLE =
      Pattern.compile("SET VARIABLE \"?([^\" ]+)\"? \"(.*)\"");
  private static final String DEAD = "511 Command Not Permitted on a dead channel";

  private final Socket socket;
  private final BufferedReader in;
  private final Writer out;
  private final String uniqueId;
  private final List<String> commands = new ArrayList<>();
  private final List<String> heard = new ArrayList<>();
  private final Map<String, String> variables = new LinkedHashMap<>();
  private boolean dead;

  private AgiPeer(Socket socket, String uniqueId) throws IOException {
    this.socket = socket;
    this.uniqueId = uniqueId;
    socket.setSoTimeout(30_000);
    this.in =
        new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
    this.out = new OutputStreamWriter(socket.getOutputStream(), StandardCharsets.UTF_8);
  }

  /**
   * Connects as a PBX would for a call, retrying while the server is still starting, and sends the
   * call's variables.
   *
   * @param source the local address to call from (a PBX's address), or {@code null}
   * @param script the AGI script path, such as {@code helpdesk}
   */
  public static AgiPeer call(int port, InetAddress source, String script, String from, String to)
      throws IOException {
    Socket socket =
        Await.until(
            () -> {
              Socket s = new Socket();
              try {
                if (source != null) {
                  s.bind(new InetSocketAddress(source, 0));
                }
                s.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
                return s;
              } catch (IOException e) {
                try {
                  s.close();
                } catch (IOException ignored) {
                  // a socket that never connected
                }
                return null;
              }
            },
            Duration.ofSeconds(10),
            "the FastAGI server to accept a connection");
    AgiPeer peer = new AgiPeer(socket, "1730559600." + IDS.getAndIncrement());
    peer.greet(port, script, from, to);
    return peer;
  }

  private void greet(int port, String script, String from, String to) throws IOException {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("agi_network", "yes");
    env.put("agi_network_script", script);
    env.put("agi_request", "agi://callproof-host:" + port + "/" + script);
    env.put("agi_channel", "PJSIP/carrier-0000002a");
    env.put("agi_language", "en");
    env.put("agi_type", "PJSIP");
    env.put("agi_uniqueid", uniqueId);
    env.put("agi_version", "22.1.0");
    env.put("agi_callerid", from == null ? "unknown" : from);
    env.put("agi_calleridname", "unknown");
    env.put("agi_callingpres", "0");
    env.put("agi_callingani2", "0");
    env.put("agi_callington", "0");
    env.put("agi_callingtns", "0");
    env.put("agi_dnid", to);
    env.put("agi_rdnis", "unknown");
    env.put("agi_context", "helpdesk");
    env.put("agi_extension", to);
    env.put("agi_priority", "2");
    env.put("agi_enhanced", "0.0");
    env.put("agi_accountcode", "");
    env.put("agi_threadid", "140234");
    StringBuilder block = new StringBuilder();
    env.forEach((k, v) -> block.append(k).append(": ").append(v).append('\n'));
    block.append('\n');
    out.write(block.toString());
    out.flush();
  }

  /** The channel's unique id, as the PBX (and its AMI events) name it. */
  public String uniqueId() {
    return uniqueId;
  }

  /** The call's id in Callproof. */
  public String callSid() {
    return "ast-" + uniqueId;
  }

  /**
   * Answers commands as a live channel would until one matches, and returns that one unanswered.
   *
   * @throws AssertionError when the conversation ends first
   */
  public String until(Predicate<String> command) throws IOException {
    while (true) {
      String line = read();
      if (line == null) {
        throw new AssertionError("the conversation ended before the command; saw " + commands);
      }
      if (command.test(line)) {
        return line;
      }
      answer(line);
    }
  }

  /** Answers until a {@code GET DATA}, which is returned unanswered. */
  public String untilGetData() throws IOException {
    return until(c -> c.startsWith("GET DATA"));
  }

  /** Answers every command until Callproof closes the connection. */
  public AgiPeer toEnd() throws IOException {
    for (String line = read(); line != null; line = read()) {
      answer(line);
    }
    return this;
  }

  /** Sends one reply line, such as {@code 200 result=1234} or {@code 200 result=12 (timeout)}. */
  public AgiPeer reply(String line) throws IOException {
    out.write(line + "\n");
    out.flush();
    return this;
  }

  /**
   * The caller hangs up: Asterisk sends {@code HANGUP} at once and answers the pending and every
   * later command with 511.
   */
  public AgiPeer hangUp() throws IOException {
    dead = true;
    return reply("HANGUP").reply(DEAD);
  }

  /** Whether Callproof closed the connection without a command (a refused connection). */
  public boolean closedByServer() throws IOException {
    return read() == null;
  }

  private String read() throws IOException {
    try {
      String line = in.readLine();
      if (line != null) {
        commands.add(line);
      }
      return line;
    } catch (SocketTimeoutException e) {
      throw new AssertionError("no command from Callproof within 30 s; saw " + commands, e);
    } catch (IOException e) {
      return null;
    }
  }

  private void answer(String command) throws IOException {
    if (dead) {
      reply(DEAD);
      return;
    }
    if (command.startsWith("STREAM FILE")) {
      heard.add(argument(command, 2));
      reply("200 result=0 endpos=12000");
    } else if (command.startsWith("SAY DATETIME")) {
      heard.add("datetime:" + argument(command, 2));
      reply("200 result=0");
    } else if (command.startsWith("SAY DIGITS") || command.startsWith("SAY NUMBER")) {
      heard.add(command.split(" ")[1].toLowerCase() + ":" + argument(command, 2));
      reply("200 result=0");
    } else if (command.startsWith("SET VARIABLE")) {
      Matcher m = SET_VARIABLE.matcher(command);
      if (m.matches()) {
        variables.put(m.group(1), m.group(2));
      }
      reply("200 result=1");
    } else if (command.startsWith("GET DATA") || command.startsWith("WAIT FOR DIGIT")) {
      reply("200 result= (timeout)");
    } else {
      reply("200 result=1");
    }
  }

  private static String argument(String command, int index) {
    return command.split(" ")[index].replace("\"", "");
  }

  /** What Callproof played, in order: file names, {@code digits:21}, {@code number:2}. */
  public List<String> heard() {
    return List.copyOf(heard);
  }

  /** Every command received, in order. */
  public List<String> commands() {
    return List.copyOf(commands);
  }

  /** The channel variables Callproof set. */
  public Map<String, String> variables() {
    return Map.copyOf(variables);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
