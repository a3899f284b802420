package org.communal.diff.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Splits {@code git format-patch} output into mails and reads each mail's metadata. A mail starts
 * at git's fixed mbox separator line, {@code From <commit id> Mon Sep 17 00:00:00 2001}; the exact
 * date keeps a commit message line that happens to start with "From " from splitting a mail.
 */
final class MailReader {
  private static final Pattern SEPARATOR =
      Pattern.compile("From ([0-9a-f]{40}|[0-9a-f]{64}) Mon Sep 17 00:00:00 2001\r?\n?");
  private static final Pattern PATCH_PREFIX =
      Pattern.compile("^(\\[[^]]*PATCH[^]]*]\\s*)+", Pattern.CASE_INSENSITIVE);

  /**
   * One mail: bytes {@code [start, end)}; its diff starts at {@code diffStart} (the {@code ---}
   * line below the message, or {@code end} if there is none).
   */
  record Mail(int start, int diffStart, int end, String commitId, String author, String date,
      String subject, String body) {}

  private MailReader() {}

  /** The mails of a format-patch upload, or an empty list when it is not one. */
  static List<Mail> read(byte[] raw) {
    List<Integer> starts = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    for (int at = 0; at < raw.length; at = Bytes.nextLine(raw, at, raw.length)) {
      if (raw[at] == 'F' && Bytes.startsWith(raw, at, raw.length, "From ")) {
        String line = Bytes.ascii(raw, at, Bytes.nextLine(raw, at, raw.length));
        var m = SEPARATOR.matcher(line);
        if (m.matches()) {
          starts.add(at);
          ids.add(m.group(1));
        }
      }
    }
    List<Mail> mails = new ArrayList<>(starts.size());
    for (int i = 0; i < starts.size(); i++) {
      int end = i + 1 < starts.size() ? starts.get(i + 1) : raw.length;
      mails.add(readMail(raw, starts.get(i), end, ids.get(i)));
    }
    return mails;
  }

  private static Mail readMail(byte[] raw, int start, int end, String commitId) {
    Map<String, StringBuilder> headers = new LinkedHashMap<>();
    int blank = readHeaders(raw, Bytes.nextLine(raw, start, end), end, headers);
    int bodyStart = Bytes.nextLine(raw, blank, end);
    int diffStart = findDiffStart(raw, bodyStart, end);
    String body = Decoding.decodeLine(raw, bodyStart, diffStart).strip();
    String subject = PATCH_PREFIX.matcher(header(headers, "subject")).replaceFirst("");
    return new Mail(start, diffStart, end, commitId, header(headers, "from"),
        header(headers, "date"), subject, body);
  }

  /** Reads header lines up to the blank line, unfolding continuations; returns the blank line. */
  private static int readHeaders(byte[] raw, int at, int end, Map<String, StringBuilder> out) {
    StringBuilder last = null;
    for (; at < end && !isBlank(raw, at, end); at = Bytes.nextLine(raw, at, end)) {
      String line = Decoding.decodeLine(raw, at, Bytes.nextLine(raw, at, end)).stripTrailing();
      int colon = line.indexOf(':');
      if ((raw[at] == ' ' || raw[at] == '\t') && last != null) {
        last.append(line); // Unfolding keeps the whitespace; EncodedWords drops it between words.
      } else if (colon > 0) {
        last = out.computeIfAbsent(line.substring(0, colon).toLowerCase(Locale.ROOT),
            k -> new StringBuilder());
        last.append(line.substring(colon + 1).strip());
      }
    }
    return at;
  }

  private static String header(Map<String, StringBuilder> headers, String name) {
    StringBuilder value = headers.get(name);
    return value == null ? "" : EncodedWords.decode(value.toString()).strip();
  }

  /** The {@code ---} line that ends the message, or the first {@code diff --git} line. */
  private static int findDiffStart(byte[] raw, int from, int end) {
    for (int at = from; at < end; at = Bytes.nextLine(raw, at, end)) {
      int eol = Bytes.nextLine(raw, at, end);
      String line = Bytes.ascii(raw, at, Math.min(eol, at + 11)).stripTrailing();
      if (line.equals("---") || line.startsWith("diff --git ")) {
        return at;
      }
    }
    return end;
  }

  private static boolean isBlank(byte[] raw, int at, int end) {
    return raw[at] == '\n' || raw[at] == '\r' && at + 1 < end && raw[at + 1] == '\n';
  }
}
