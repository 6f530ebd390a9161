package io.callproof.bench;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the few things a caller acts on from a TwiML answer: where a {@code <Gather>} posts, where
 * a {@code <Redirect>} leads, and whether a {@code <Dial>} carries the verified badge. Regular
 * expressions rather than an XML parser keep the generator cheap beside the service it shares the
 * CPU with; the answers come from the Twilio SDK's builders, whose attributes are always
 * double-quoted and escaped.
 */
final class Twiml {

  private static final Pattern GATHER = Pattern.compile("<Gather\\b[^>]*?\\baction=\"([^\"]*)\"");
  private static final Pattern REDIRECT = Pattern.compile("<Redirect\\b[^>]*>([^<]*)</Redirect>");
  private static final Pattern PARAMETER = Pattern.compile("<Parameter\\b([^>]*)/?>");
  private static final Pattern NAME = Pattern.compile("\\bname=\"([^\"]*)\"");
  private static final Pattern VALUE = Pattern.compile("\\bvalue=\"([^\"]*)\"");

  private Twiml() {}

  /** The URL the answer's {@code <Gather>} posts the digits to, if it gathers. */
  static Optional<String> gatherAction(String xml) {
    Matcher m = GATHER.matcher(xml);
    return m.find() ? Optional.of(unescape(m.group(1))) : Optional.empty();
  }

  /** The URL the answer redirects to, if it redirects. */
  static Optional<String> redirect(String xml) {
    Matcher m = REDIRECT.matcher(xml);
    return m.find() ? Optional.of(unescape(m.group(1).trim())) : Optional.empty();
  }

  static boolean dials(String xml) {
    return xml.contains("<Dial");
  }

  /** The value of the first {@code <Parameter name="badge">}, or {@code none}. */
  static String badge(String xml) {
    Matcher p = PARAMETER.matcher(xml);
    while (p.find()) {
      Matcher name = NAME.matcher(p.group(1));
      Matcher value = VALUE.matcher(p.group(1));
      if (name.find() && "badge".equals(name.group(1)) && value.find()) {
        return value.group(1);
      }
    }
    return "none";
  }

  private static String unescape(String attribute) {
    return attribute
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&");
  }
}
