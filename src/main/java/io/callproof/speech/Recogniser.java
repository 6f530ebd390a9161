package io.callproof.speech;

import java.util.List;

/**
 * Turns a caller's voice into text. A recogniser knows nothing of phone lines: the line feeds it
 * the caller's audio and acts on what it heard.
 */
public interface Recogniser {

  /**
   * Starts listening for one answer.
   *
   * @param locale the language the caller speaks, as a BCP 47 tag such as {@code en-US} or {@code
   *     fr-CA}
   * @param hints words and phrases the answer is likely to contain (digits, intent phrases); may be
   *     empty
   * @return the recognition, which takes the caller's audio until it has an answer
   */
  Recognition listen(String locale, List<String> hints);
}
