package io.callproof.twilio;

import com.twilio.twiml.TwiML;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes TwiML built with the Twilio SDK's builders as the SDK's own {@link TwiML#toXml()} does,
 * byte for byte, without its cost: the SDK makes a DOM document and a fresh XSLT transformer (with
 * their factories' look-ups) for every answer, which took about a sixth of the service's CPU per
 * webhook. Attributes come sorted by name, as the SDK's DOM keeps them; text and attribute values
 * are escaped as its serializer escapes them. A value with a character whose escaping is less plain
 * (a control character, a surrogate) goes through the SDK's own {@code toXml()} instead.
 */
final class TwimlXml {

  private static final String DECLARATION = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>";
  private static final MethodHandle ATTRIBUTES = getter("getElementAttributes");
  private static final MethodHandle BODY = getter("getElementBody");

  private TwimlXml() {}

  /** The document for {@code twiml}: its XML declaration and its element. */
  static String of(TwiML twiml) {
    StringBuilder out = new StringBuilder(1024).append(DECLARATION);
    if (!element(out, twiml)) {
      return twiml.toXml();
    }
    return out.toString();
  }

  /** Appends {@code node}; false when a value needs the SDK's own serializer. */
  private static boolean element(StringBuilder out, TwiML node) {
    Map<String, String> attributes = new TreeMap<>();
    attributes(node)
        .forEach((name, value) -> attributes.put(name.equals("for_") ? "for" : name, value));
    attributes.putAll(node.getOptions());
    out.append('<').append(node.getTagName());
    for (Map.Entry<String, String> attribute : attributes.entrySet()) {
      out.append(' ').append(attribute.getKey()).append("=\"");
      if (!escape(out, attribute.getValue(), true)) {
        return false;
      }
      out.append('"');
    }
    String body = body(node);
    if ((body == null || body.isEmpty()) && node.getChildren().isEmpty()) {
      out.append("/>");
      return true;
    }
    out.append('>');
    if (body != null && !escape(out, body, false)) {
      return false;
    }
    for (TwiML child : node.getChildren()) {
      if (!element(out, child)) {
        return false;
      }
    }
    out.append("</").append(node.getTagName()).append('>');
    return true;
  }

  private static boolean escape(StringBuilder out, String value, boolean attribute) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append(attribute ? "&quot;" : "\"");
        default -> {
          if (c < 0x20 || Character.isSurrogate(c) || c >= 0xFFFE) {
            return false;
          }
          out.append(c);
        }
      }
    }
    return true;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, String> attributes(TwiML node) {
    try {
      return (Map<String, String>) ATTRIBUTES.invoke(node);
    } catch (Throwable e) {
      throw new IllegalStateException(
          "cannot read the attributes of TwiML " + node.getTagName(), e);
    }
  }

  private static String body(TwiML node) {
    try {
      return (String) BODY.invoke(node);
    } catch (Throwable e) {
      throw new IllegalStateException("cannot read the text of TwiML " + node.getTagName(), e);
    }
  }

  /** The SDK's element getters are protected: they are read once here, through reflection. */
  private static MethodHandle getter(String name) {
    try {
      Method method = TwiML.class.getDeclaredMethod(name);
      method.setAccessible(true);
      return MethodHandles.lookup().unreflect(method);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }
}
