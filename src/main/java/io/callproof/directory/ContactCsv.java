package io.callproof.directory;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads CSV as RFC 4180 writes it: fields separated by commas, quoted with {@code "} where they
 * hold a comma, a quote (written twice) or a line break; records end with CRLF or LF. A UTF-8 byte
 * order mark at the start (spreadsheets write one) is skipped, and blank records are dropped.
 */
final class ContactCsv {

  private ContactCsv() {}

  /**
   * One record and its place: 1 for the header, 2 for the first data row, as a spreadsheet shows.
   */
  record Record(int row, List<String> fields) {}

  /**
   * The records of {@code text}, in order.
   *
   * @throws IllegalArgumentException naming the row where a quoted field is never closed
   */
  static List<Record> parse(String text) {
    String csv = text.startsWith("\uFEFF") ? text.substring(1) : text;
    List<Record> records = new ArrayList<>();
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    boolean touched = false;
    int row = 1;
    int i = 0;
    while (i < csv.length()) {
      char c = csv.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < csv.length() && csv.charAt(i + 1) == '"') {
          field.append('"');
          i += 2;
          continue;
        }
        if (c == '"') {
          quoted = false;
        } else {
          field.append(c);
        }
        i++;
        continue;
      }
      switch (c) {
        case '"' -> {
          quoted = true;
          touched = true;
        }
        case ',' -> {
          fields.add(field.toString());
          field.setLength(0);
          touched = true;
        }
        case '\r', '\n' -> {
          if (c == '\r' && i + 1 < csv.length() && csv.charAt(i + 1) == '\n') {
            i++;
          }
          fields.add(field.toString());
          add(records, row, fields, touched);
          fields = new ArrayList<>();
          field.setLength(0);
          touched = false;
          row++;
        }
        default -> {
          field.append(c);
          touched = true;
        }
      }
      i++;
    }
    if (quoted) {
      throw new IllegalArgumentException(
          "row " + row + ": a quoted field is never closed (a \" is missing)");
    }
    fields.add(field.toString());
    add(records, row, fields, touched);
    return records;
  }

  private static void add(List<Record> records, int row, List<String> fields, boolean touched) {
    boolean blank = !touched && fields.stream().allMatch(String::isBlank);
    if (!blank) {
      records.add(new Record(row, List.copyOf(fields)));
    }
  }
}
