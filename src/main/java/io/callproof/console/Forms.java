package io.callproof.console;

import io.vertx.ext.web.RoutingContext;
import java.util.List;

/** Pieces of the administration forms: labelled fields, each with an id for its label. */
final class Forms {

  private Forms() {}

  /** A form that posts to {@code action} with the session's CSRF token. */
  static String open(ConsoleSessions.Session session, String action, String css) {
    return "<form method=\"post\" action=\""
        + Html.escape(action)
        + "\" class=\""
        + css
        + "\">"
        + ConsoleView.csrfField(session);
  }

  /** A labelled text field; {@code type} is an HTML input type. */
  static String field(String label, String name, String value, String type, boolean required) {
    return "<div class=\"field\"><label for=\""
        + name
        + "\">"
        + Html.escape(label)
        + "</label><input id=\""
        + name
        + "\" name=\""
        + name
        + "\" type=\""
        + type
        + "\" value=\""
        + Html.escape(value)
        + "\""
        + (required ? " required" : "")
        + "></div>";
  }

  /** A labelled check box that sends {@code yes} when ticked. */
  static String checkbox(String label, String name, boolean checked) {
    return "<div class=\"field check\"><input id=\""
        + name
        + "\" name=\""
        + name
        + "\" type=\"checkbox\" value=\"yes\""
        + (checked ? " checked" : "")
        + "><label for=\""
        + name
        + "\">"
        + Html.escape(label)
        + "</label></div>";
  }

  /**
   * A labelled list of choices.
   *
   * @param choices value and label pairs, flattened: value, label, value, label...
   */
  static String select(String label, String name, String current, List<String> choices) {
    StringBuilder html =
        new StringBuilder("<div class=\"field\"><label for=\"")
            .append(name)
            .append("\">")
            .append(Html.escape(label))
            .append("</label><select id=\"")
            .append(name)
            .append("\" name=\"")
            .append(name)
            .append("\">");
    for (int i = 0; i + 1 < choices.size(); i += 2) {
      String value = choices.get(i);
      html.append("<option value=\"")
          .append(Html.escape(value))
          .append('"')
          .append(value.equals(current == null ? "" : current) ? " selected" : "")
          .append('>')
          .append(Html.escape(choices.get(i + 1)))
          .append("</option>");
    }
    return html.append("</select></div>").toString();
  }

  static String hidden(String name, String value) {
    return "<input type=\"hidden\" name=\"" + name + "\" value=\"" + Html.escape(value) + "\">";
  }

  static String button(String label) {
    return "<button type=\"submit\">" + Html.escape(label) + "</button>";
  }

  /** A form field's value, trimmed; {@code null} when absent or blank. */
  static String value(RoutingContext ctx, String name) {
    String v = ctx.request().getFormAttribute(name);
    return v == null || v.isBlank() ? null : v.trim();
  }

  /** Whether a check box was ticked. */
  static boolean ticked(RoutingContext ctx, String name) {
    return "yes".equals(ctx.request().getFormAttribute(name));
  }

  /** The page for a change refused for bad input: what was wrong, and the way back. */
  static void refused(
      RoutingContext ctx, ConsoleSessions.Session session, String problem, String back) {
    ConsoleView.page(
        ctx,
        400,
        "Not changed",
        session,
        "<p class=\"problem\" role=\"alert\">"
            + Html.escape(problem)
            + "</p><p><a href=\""
            + Html.escape(back)
            + "\">Back</a></p>",
        null);
  }
}
