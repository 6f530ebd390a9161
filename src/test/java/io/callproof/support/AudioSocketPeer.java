package io.callproof.support;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Plays Asterisk's {@code AudioSocket} application over TCP, as Asterisk 20 and later speak it: it
 * connects to the service the application names, sends the call's UUID (kind {@code 0x01}, 16
 * bytes), then a frame of 8 kHz signed linear audio (kind {@code 0x10}, 320 bytes) every 20 ms and
 * a frame of kind {@code 0x03} for each key pressed. The application returns when the server sends
 * the hang-up frame ({@code 00 00 00}) or closes the connection; a caller who hangs up makes it
 * close the connection without a frame.
 */
public final class AudioSocketPeer implements AutoCloseable {

  private static final Pattern EXEC =
      Pattern.compile(
          "EXEC \"?AudioSocket\"? \"?([0-9a-f-]{36}),([^\":]+|\\[[^\\]]+]):([0-9]+)\"?");
  private static final int FRAME_BYTES = 320;
  private static final int FRAME_MILLIS = 20;

  private final Socket socket;
  private final DataInputStream in;
  private final OutputStream out;
  private boolean hungUpByServer;
  private boolean closedByServer;
  private int framesSent;

  private AudioSocketPeer(Socket socket) throws IOException {
    this.socket = socket;
    this.in = new DataInputStream(socket.getInputStream());
    this.out = socket.getOutputStream();
  }

  /**
   * Runs the application an AGI {@code EXEC AudioSocket} command names: connects from {@code
   * source} to the host and port in its arguments and sends its UUID.
   */
  public static AudioSocketPeer forExec(String command, InetAddress source) throws IOException {
    Matcher m = EXEC.matcher(command);
    if (!m.matches()) {
      throw new AssertionError("not an AudioSocket(uuid,host:port) command: " + command);
    }
    return connect(
        m.group(2).replaceAll("[\\[\\]]", ""), Integer.parseInt(m.group(3)), source, m.group(1));
  }

  /** Connects as the application does and sends the UUID frame. */
  public static AudioSocketPeer connect(String host, int port, InetAddress source, String uuid)
      throws IOException {
    Socket socket = new Socket();
    socket.setTcpNoDelay(true);
    if (source != null) {
      socket.bind(new InetSocketAddress(source, 0));
    }
    socket.connect(new InetSocketAddress(host, port), 2_000);
    AudioSocketPeer peer = new AudioSocketPeer(socket);
    UUID id = UUID.fromString(uuid);
    peer.send(
        0x01,
        ByteBuffer.allocate(16)
            .putLong(id.getMostSignificantBits())
            .putLong(id.getLeastSignificantBits())
            .array());
    return peer;
  }

  /**
   * The caller talks: a 20 ms audio frame every 20 ms until the server hangs up or closes, for at
   * most {@code maxMillis}.
   *
   * @return this, once the server ended the audio
   * @throws AssertionError when the server did not end it in time
   */
  public AudioSocketPeer talkUntilServerEnds(int maxMillis) throws IOException {
    byte[] frame = tone();
    for (int elapsed = 0; elapsed < maxMillis; elapsed += FRAME_MILLIS) {
      if (!sendQuietly(0x10, frame)) {
        return this;
      }
      if (serverEndedWithin(FRAME_MILLIS)) {
        return this;
      }
    }
    throw new AssertionError("the server did not end the audio within " + maxMillis + " ms");
  }

  /** The caller talks for {@code frames} audio frames of 20 ms, sent back to back. */
  public AudioSocketPeer talkFor(int frames) throws IOException {
    byte[] frame = tone();
    for (int i = 0; i < frames; i++) {
      send(0x10, frame);
      framesSent++;
    }
    return this;
  }

  /** The caller presses a key, as a DTMF frame. */
  public AudioSocketPeer press(char key) throws IOException {
    send(0x03, new byte[] {(byte) key});
    return this;
  }

  /** The PBX reports an error, as it does when its side fails. */
  public AudioSocketPeer error(int code) throws IOException {
    send(0xff, new byte[] {(byte) code});
    return this;
  }

  /** Waits for the server to end the audio, for at most {@code maxMillis}, sending nothing. */
  public AudioSocketPeer awaitServerEnds(int maxMillis) throws IOException {
    if (!serverEndedWithin(maxMillis)) {
      throw new AssertionError("the server did not end the audio within " + maxMillis + " ms");
    }
    return this;
  }

  /** The caller hangs up: the application closes the connection without a frame. */
  public void hangUp() throws IOException {
    socket.close();
  }

  /** Whether the server sent the hang-up frame before closing. */
  public boolean hungUpByServer() {
    return hungUpByServer;
  }

  /** Whether the server closed the connection. */
  public boolean closedByServer() {
    return closedByServer;
  }

  /** Audio frames sent so far. */
  public int framesSent() {
    return framesSent;
  }

  private boolean serverEndedWithin(int millis) throws IOException {
    socket.setSoTimeout(millis);
    try {
      while (true) {
        int kind = in.read();
        if (kind < 0) {
          closedByServer = true;
          return true;
        }
        int length = in.readUnsignedShort();
        in.readNBytes(length);
        if (kind == 0x00) {
          hungUpByServer = true;
          closedByServer = in.read() < 0;
          return true;
        }
      }
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      closedByServer = true;
      return true;
    }
  }

  private boolean sendQuietly(int kind, byte[] payload) {
    try {
      send(kind, payload);
      if (kind == 0x10) {
        framesSent++;
      }
      return true;
    } catch (IOException e) {
      closedByServer = true;
      return false;
    }
  }

  private void send(int kind, byte[] payload) throws IOException {
    byte[] frame = new byte[3 + payload.length];
    frame[0] = (byte) kind;
    frame[1] = (byte) (payload.length >> 8);
    frame[2] = (byte) payload.length;
    System.arraycopy(payload, 0, frame, 3, payload.length);
    out.write(frame);
    out.flush();
  }

  /** 20 ms of a 440 Hz tone, 16-bit little-endian. */
  private static byte[] tone() {
    byte[] frame = new byte[FRAME_BYTES];
    for (int i = 0; i < FRAME_BYTES / 2; i++) {
      short sample = (short) (8000 * Math.sin(2 * Math.PI * 440 * i / 8000.0));
      frame[2 * i] = (byte) sample;
      frame[2 * i + 1] = (byte) (sample >> 8);
    }
    return frame;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
