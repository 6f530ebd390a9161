package io.callproof.asterisk;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * How Callproof meets its tenants' Asterisk PBXes.
 *
 * @param pbxes each PBX's source address and the one tenant it speaks for; only these may open AGI
 *     connections
 * @param agiHost the address the FastAGI server binds
 * @param agiPort the FastAGI port (0: any free port)
 * @param agiThreads AGI conversations served at once; each holds a thread while the caller is in
 *     the flow (not while a technician talks)
 * @param agiQueue conversations that wait for a free thread before new ones are refused
 * @param amiPort the port of each PBX's manager interface
 * @param amiUsername the manager user Callproof logs in as
 * @param amiSecret its secret; without it no AMI connection is made
 * @param sounds where the PBX finds Callproof's sound files, as {@code Playback} names them:
 *     relative to its sounds folder, or absolute; no extension
 * @param renderedFolder a local copy of what {@code render-prompts} wrote and was synced to the
 *     PBX, to know which name files exist; without it no name file is played
 * @param gatherTimeoutSeconds how long the line waits for digits
 * @param audioSocketHost the address the AudioSocket server binds, for spoken answers
 * @param audioSocketPort the AudioSocket port (0: any free port)
 * @param audioSocketAddress the host or address the PBX reaches the AudioSocket server at; empty:
 *     the address its FastAGI connection reached
 * @param listenSeconds how long the line listens for one spoken answer
 */
public record AsteriskOptions(
    Map<InetAddress, String> pbxes,
    String agiHost,
    int agiPort,
    int agiThreads,
    int agiQueue,
    int amiPort,
    String amiUsername,
    Optional<String> amiSecret,
    String sounds,
    Optional<Path> renderedFolder,
    int gatherTimeoutSeconds,
    String audioSocketHost,
    int audioSocketPort,
    Optional<String> audioSocketAddress,
    int listenSeconds) {

  public AsteriskOptions {
    pbxes = Map.copyOf(pbxes);
  }

  /** Keeps the AMI secret out of logs and error messages. */
  @Override
  public String toString() {
    return "AsteriskOptions[pbxes="
        + pbxes
        + ", agi="
        + agiHost
        + ":"
        + agiPort
        + ", threads="
        + agiThreads
        + ", queue="
        + agiQueue
        + ", ami="
        + (amiSecret.isPresent() ? amiUsername + "@:" + amiPort : "off")
        + "]";
  }
}
