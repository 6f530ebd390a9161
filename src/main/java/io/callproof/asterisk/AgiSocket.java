package io.callproof.asterisk;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.asteriskjava.util.SocketConnectionFacade;

/** One FastAGI connection from a PBX, as asterisk-java reads and writes it. */
final class AgiSocket implements SocketConnectionFacade {

  /**
   * How long a reply may take. Asterisk answers a command only when it is done (a prompt played,
   * digits collected), so this is far longer than any prompt; it frees the thread of a PBX that
   * vanished without closing the connection.
   */
  static final int READ_TIMEOUT_MILLIS = 5 * 60 * 1000;

  private final Socket socket;
  private final BufferedReader reader;
  private final BufferedWriter writer;

  AgiSocket(Socket socket) throws IOException {
    this.socket = socket;
    socket.setSoTimeout(READ_TIMEOUT_MILLIS);
    this.reader =
        new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
    this.writer =
        new BufferedWriter(
            new OutputStreamWriter(socket.getOutputStream(), StandardCharsets.UTF_8));
  }

  @Override
  public String readLine() throws IOException {
    return reader.readLine();
  }

  @Override
  public void write(String s) throws IOException {
    writer.write(s);
  }

  @Override
  public void flush() throws IOException {
    writer.flush();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }

  @Override
  public boolean isConnected() {
    return socket.isConnected() && !socket.isClosed();
  }

  @Override
  public InetAddress getLocalAddress() {
    return socket.getLocalAddress();
  }

  @Override
  public int getLocalPort() {
    return socket.getLocalPort();
  }

  @Override
  public InetAddress getRemoteAddress() {
    return socket.getInetAddress();
  }

  @Override
  public int getRemotePort() {
    return socket.getPort();
  }
}
