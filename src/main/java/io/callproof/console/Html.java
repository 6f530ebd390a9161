package io.callproof.console;

/** Text made safe to put into HTML, in element content and in quoted attributes. */
final class Html {

  private Html() {}

  /**
   * The opening of a list table, up to its open {@code <tbody>}, with these column headings (plain
   * text, escaped here; an empty one heads a column of buttons).
   */
  static String listTable(String... headings) {
    StringBuilder out = new StringBuilder("<table class=\"list\"><thead><tr>");
    for (String heading : headings) {
      out.append("<th>").append(escape(heading)).append("</th>");
    }
    return out.append("</tr></thead><tbody>").toString();
  }

  /** {@code text} with {@code & < > " '} written as entities; {@code null} becomes empty. */
  static String escape(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
