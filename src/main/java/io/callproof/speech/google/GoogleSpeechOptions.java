package io.callproof.speech.google;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where Google Cloud Speech is and how Callproof signs in to it.
 *
 * @param endpoint {@code host:port} of the Speech API, such as {@code speech.googleapis.com:443}
 * @param credentialsFile a service account key (JSON) with access to the Speech API; empty only
 *     with {@code plaintext}
 * @param plaintext talk to the endpoint without TLS and without credentials: only for a Speech
 *     server on this machine (tests); Google's own endpoint needs TLS and credentials
 */
public record GoogleSpeechOptions(
    String endpoint, Optional<Path> credentialsFile, boolean plaintext) {

  /** Google's public Speech endpoint. */
  public static final String GOOGLE_ENDPOINT = "speech.googleapis.com:443";
}
