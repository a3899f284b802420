package org.communal.diff;

/**
 * How the bytes of one side of a file were decoded for display. Files are read as UTF-8; a file
 * that is not valid UTF-8 is read as ISO-8859-1 instead, which maps every byte to one character,
 * so nothing is lost or replaced.
 */
public enum TextEncoding {
  UTF_8,
  ISO_8859_1
}
