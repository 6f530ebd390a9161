package io.callproof.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local server speaking the Asterisk Manager Interface as Asterisk does for the actions Callproof
 * sends: the banner, MD5 challenge and login, {@code CoreSettings} (which asterisk-java asks for
 * after login), {@code Originate} and {@code Logoff}; and events pushed to every logged-in client.
 */
public final class AmiPeer implements AutoCloseable {

  private final String username;
  private final String secret;
  private final ServerSocket server;
  private final List<Client> clients = new CopyOnWriteArrayList<>();
  private final List<Map<String, String>> originates = new CopyOnWriteArrayList<>();
  private final AtomicInteger logins = new AtomicInteger();

  public AmiPeer(String username, String secret) throws IOException {
    this.username = username;
    this.secret = secret;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::accept, "ami-peer-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** The port to point {@code CALLPROOF_AMI_PORT} at. */
  public int port() {
    return server.getLocalPort();
  }

  /** Successful logins so far. */
  public int logins() {
    return logins.get();
  }

  /** Every Originate action received, as its headers. */
  public List<Map<String, String>> originates() {
    return List.copyOf(originates);
  }

  /** Sends an event to every logged-in client. */
  public void event(Map<String, String> headers) {
    for (Client c : clients) {
      if (c.loggedIn) {
        c.send(headers);
      }
    }
  }

  /** Reports a channel's hang-up, as Asterisk does when a caller hangs up. */
  public void hangup(String uniqueId) {
    Map<String, String> e = new LinkedHashMap<>();
    e.put("Event", "Hangup");
    e.put("Privilege", "call,all");
    e.put("Channel", "PJSIP/carrier-0000002a");
    e.put("ChannelState", "6");
    e.put("ChannelStateDesc", "Up");
    e.put("Uniqueid", uniqueId);
    e.put("Linkedid", uniqueId);
    e.put("Cause", "16");
    e.put("Cause-txt", "Normal Clearing");
    event(e);
  }

  /** Drops every connection, as a PBX restart or a network fault would. */
  public void dropAll() {
    for (Client c : clients) {
      c.close();
    }
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Client c = new Client(server.accept());
        clients.add(c);
        Thread t = new Thread(c::serve, "ami-peer-client");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    dropAll();
  }

  private final class Client {
    private final Socket socket;
    private final Writer out;
    private volatile boolean loggedIn;
    private String challenge;

    Client(Socket socket) throws IOException {
      this.socket = socket;
      this.out = new OutputStreamWriter(socket.getOutputStream(), StandardCharsets.UTF_8);
    }

    void serve() {
      try (BufferedReader in =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))) {
        write("Asterisk Call Manager/9.0.0\r\n");
        for (Map<String, String> action = read(in); action != null; action = read(in)) {
          respond(action);
        }
      } catch (IOException e) {
        // the client went away, or the test dropped it
      } finally {
        clients.remove(this);
        close();
      }
    }

    /** One action; header names are case-insensitive (asterisk-java writes them in lower case). */
    private Map<String, String> read(BufferedReader in) throws IOException {
      Map<String, String> headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (line.isEmpty()) {
          if (!headers.isEmpty()) {
            return headers;
          }
          continue;
        }
        int colon = line.indexOf(':');
        if (colon > 0) {
          headers.merge(
              line.substring(0, colon).trim(),
              line.substring(colon + 1).trim(),
              (a, b) -> a + "," + b);
        }
      }
      return null;
    }

    private void respond(Map<String, String> action) throws IOException {
      String id = action.get("ActionID");
      String name = action.getOrDefault("Action", "").toLowerCase();
      Map<String, String> reply = new LinkedHashMap<>();
      reply.put("Response", "Success");
      if (id != null) {
        reply.put("ActionID", id);
      }
      switch (name) {
        case "challenge" -> {
          challenge = Long.toString(System.nanoTime() % 1_000_000_000L);
          reply.put("Challenge", challenge);
        }
        case "login" -> {
          if (username.equals(action.get("Username"))
              && md5(challenge + secret).equals(action.get("Key"))) {
            loggedIn = true;
            logins.incrementAndGet();
            reply.put("Message", "Authentication accepted");
          } else {
            reply.put("Response", "Error");
            reply.put("Message", "Authentication failed");
          }
        }
        case "coresettings" -> {
          reply.put("AMIversion", "9.0.0");
          reply.put("AsteriskVersion", "18.20.0");
          reply.put("SystemName", "");
          reply.put("CoreMaxCalls", "0");
          reply.put("CoreMaxLoadAvg", "0.000000");
          reply.put("CoreRunUser", "asterisk");
          reply.put("CoreRunGroup", "asterisk");
          reply.put("CoreMaxFilehandles", "0");
          reply.put("CoreRealTimeEnabled", "No");
          reply.put("CoreCDRenabled", "Yes");
          reply.put("CoreHTTPenabled", "No");
        }
        case "originate" -> {
          originates.add(action);
          reply.put("Message", "Originate successfully queued");
        }
        case "logoff" -> {
          reply.put("Response", "Goodbye");
          reply.put("Message", "Thanks for all the fish.");
        }
        default -> {
          if (!loggedIn) {
            reply.put("Response", "Error");
            reply.put("Message", "Permission denied");
          }
        }
      }
      send(reply);
    }

    synchronized void send(Map<String, String> headers) {
      StringBuilder text = new StringBuilder();
      headers.forEach((k, v) -> text.append(k).append(": ").append(v).append("\r\n"));
      text.append("\r\n");
      try {
        write(text.toString());
      } catch (IOException e) {
        close();
      }
    }

    private synchronized void write(String text) throws IOException {
      out.write(text);
      out.flush();
    }

    void close() {
      loggedIn = false;
      try {
        socket.close();
      } catch (IOException e) {
        // closed already
      }
    }
  }

  private static String md5(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
