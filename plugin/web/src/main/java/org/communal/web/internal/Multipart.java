package org.communal.web.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.communal.web.ApiException;

/**
 * A {@code multipart/form-data} body (RFC 7578) split into its named parts. The servlet's own
 * multipart support needs per-servlet configuration that a host such as Jenkins does not give,
 * so the body is read whole and split here.
 */
public final class Multipart {
  private static final Pattern BOUNDARY = Pattern.compile("boundary=\"?([^\";]+)\"?");
  private static final Pattern NAME = Pattern.compile("name=\"([^\"]*)\"");

  private Multipart() {}

  /**
   * The parts by name, in body order.
   *
   * @throws ApiException 400 {@code invalid-multipart} if the body is not well formed
   */
  public static Map<String, byte[]> parse(String contentType, byte[] body) {
    Matcher m = BOUNDARY.matcher(contentType == null ? "" : contentType);
    if (!m.find()) {
      throw invalid("the Content-Type names no boundary");
    }
    byte[] delimiter = ("--" + m.group(1)).getBytes(StandardCharsets.ISO_8859_1);
    Map<String, byte[]> parts = new LinkedHashMap<>();
    int at = indexOf(body, delimiter, 0);
    if (at < 0) {
      throw invalid("the body holds no part");
    }
    while (true) {
      int start = at + delimiter.length;
      if (startsWith(body, start, "--")) {
        return parts;
      }
      int next = indexOf(body, delimiter, start);
      if (next < 0) {
        throw invalid("the last part is not closed with its boundary");
      }
      addPart(parts, Arrays.copyOfRange(body, skipLineEnd(body, start), trimLineEnd(body, next)));
      at = next;
    }
  }

  private static void addPart(Map<String, byte[]> parts, byte[] part) {
    int headersEnd = indexOf(part, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), 0);
    if (headersEnd < 0) {
      throw invalid("a part has no blank line after its headers");
    }
    String headers = new String(part, 0, headersEnd, StandardCharsets.UTF_8);
    Matcher name = NAME.matcher(headers.toLowerCase(Locale.ROOT).contains("content-disposition")
        ? headers : "");
    if (!name.find()) {
      throw invalid("a part has no Content-Disposition name");
    }
    parts.put(name.group(1), Arrays.copyOfRange(part, headersEnd + 4, part.length));
  }

  private static int skipLineEnd(byte[] b, int i) {
    return startsWith(b, i, "\r\n") ? i + 2 : i;
  }

  private static int trimLineEnd(byte[] b, int end) {
    return end >= 2 && b[end - 2] == '\r' && b[end - 1] == '\n' ? end - 2 : end;
  }

  private static boolean startsWith(byte[] b, int i, String s) {
    return i + s.length() <= b.length
        && new String(b, i, s.length(), StandardCharsets.ISO_8859_1).equals(s);
  }

  private static int indexOf(byte[] haystack, byte[] needle, int from) {
    outer:
    for (int i = from; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private static ApiException invalid(String why) {
    return new ApiException(400, "invalid-multipart", "The multipart/form-data body could not be"
        + " read: " + why + ". Send the diff as the part named \"path\" (curl -F path=@my.diff).");
  }
}
