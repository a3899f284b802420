package org.communal.upgrade.data;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import org.communal.upgrade.data.Catalog.PgType;

/**
 * Values for PostgreSQL types as input text: realistic ones, and for each type a fixed list of
 * edge values (limits, NaN and infinities, DST-ambiguous local times, multibyte text at the length
 * limit, large values that PostgreSQL stores out of line). Pure functions of their arguments.
 */
final class Values {
  private static final Set<String> STRINGS = Set.of("text", "varchar", "bpchar", "name",
      "citext");
  private static final Set<String> SUPPORTED = Set.of("int2", "int4", "int8", "oid", "numeric",
      "float4", "float8", "money", "bool", "char", "date", "time", "timetz", "timestamp",
      "timestamptz", "interval", "uuid", "bytea", "json", "jsonb", "inet", "cidr", "macaddr",
      "macaddr8", "bit", "varbit", "tsvector");
  private static final LocalDate EPOCH = LocalDate.of(2000, 1, 1);
  private static final int LARGE = 24_000;

  /**
   * What shapes a column's values beyond its type.
   *
   * @param column the column's name, for realistic text
   * @param strings string literals from the column's check constraints, tried first
   * @param numbers numeric literals from them, tried with their neighbours
   * @param regexes regular expressions ({@code ~}) the column must match
   * @param likes LIKE patterns ({@code ~~}) the column must match
   */
  record Hint(String column, List<String> strings, List<BigDecimal> numbers,
      List<String> regexes, List<String> likes) {}

  private Values() {}

  /** Whether values of this type can be made. */
  static boolean supports(PgType t) {
    if (t.isDomain()) {
      return supports(t.base());
    }
    if (t.isArray()) {
      return supports(t.element());
    }
    return t.kind() == 'e' ? !t.labels().isEmpty()
        : STRINGS.contains(t.name()) || SUPPORTED.contains(t.name());
  }

  /** A realistic value; {@code unique} asks for one unlikely to repeat. */
  static String realistic(PgType t, int typmod, Hint h, SplittableRandom r, boolean unique) {
    if (t.isDomain()) {
      return realistic(t.base(), t.baseTypmod() >= 0 ? t.baseTypmod() : typmod, h, r, unique);
    }
    if (t.isArray()) {
      return array(t.element(), typmod, h, r);
    }
    if (t.kind() == 'e') {
      List<String> allowed = h.strings().stream().filter(t.labels()::contains).toList();
      List<String> from = allowed.isEmpty() || r.nextInt(5) == 0 ? t.labels() : allowed;
      return from.get(r.nextInt(from.size()));
    }
    if (STRINGS.contains(t.name())) {
      return string(t.name(), typmod, h, r, unique);
    }
    if (!h.numbers().isEmpty() && r.nextInt(3) == 0 && isNumber(t.name())) {
      BigDecimal n = h.numbers().get(r.nextInt(h.numbers().size()));
      return n.add(BigDecimal.valueOf(r.nextInt(3) - 1)).toPlainString();
    }
    return scalar(t.name(), typmod, r, unique);
  }

  private static boolean isNumber(String name) {
    return Set.of("int2", "int4", "int8", "numeric", "float4", "float8").contains(name);
  }

  private static String scalar(String name, int typmod, SplittableRandom r, boolean unique) {
    return switch (name) {
      case "int2" -> Integer.toString(unique ? r.nextInt(1, 32767) : r.nextInt(1, 1000));
      case "int4" -> Integer.toString(unique ? r.nextInt(1, Integer.MAX_VALUE)
          : r.nextInt(1, 10_000));
      case "int8" -> Long.toString(unique ? r.nextLong(1, Long.MAX_VALUE)
          : r.nextLong(1, 1_000_000));
      case "oid" -> Long.toString(r.nextLong(1, 4_294_967_295L));
      case "numeric" -> numeric(typmod, r, unique);
      case "float4", "float8" -> BigDecimal.valueOf(r.nextDouble() * 1000)
          .setScale(3, RoundingMode.HALF_UP).toPlainString();
      case "money" -> r.nextInt(0, 100_000) + "." + pad(r.nextInt(100), 2);
      case "bool" -> Boolean.toString(r.nextBoolean());
      case "char" -> String.valueOf((char) ('a' + r.nextInt(26)));
      default -> temporal(name, typmod, r);
    };
  }

  private static String temporal(String name, int typmod, SplittableRandom r) {
    LocalDateTime at = EPOCH.atStartOfDay().plusSeconds(r.nextLong(0, 35L * 365 * 86_400));
    String micros = r.nextBoolean() ? "" : "." + pad(r.nextInt(1_000_000), 6);
    return switch (name) {
      case "date" -> at.toLocalDate().toString();
      case "time" -> at.toLocalTime().withNano(0) + micros;
      case "timetz" -> at.toLocalTime().withNano(0) + micros + "+0" + r.nextInt(10);
      case "timestamp" -> at.toLocalDate() + " " + at.toLocalTime().withNano(0) + micros;
      case "timestamptz" -> at.toLocalDate() + " " + at.toLocalTime().withNano(0) + micros + "+00";
      case "interval" -> interval(r);
      default -> other(name, typmod, r);
    };
  }

  private static String other(String name, int typmod, SplittableRandom r) {
    return switch (name) {
      case "uuid" -> uuid(r);
      case "bytea" -> "\\x" + Texts.hex(r, 2 * r.nextInt(1, 33));
      case "json", "jsonb" -> json(r);
      case "inet" -> r.nextBoolean() ? "10." + r.nextInt(256) + "." + r.nextInt(256) + "."
          + r.nextInt(1, 255) : "2001:db8::" + Integer.toHexString(r.nextInt(1, 65536));
      case "cidr" -> "10." + r.nextInt(256) + "." + r.nextInt(256) + ".0/24";
      case "macaddr" -> mac(r, 6);
      case "macaddr8" -> mac(r, 8);
      case "bit" -> bits(r, typmod > 0 ? typmod : 1);
      case "varbit" -> bits(r, typmod > 0 ? r.nextInt(1, typmod + 1) : r.nextInt(1, 17));
      case "tsvector" -> Texts.words(r, 1 + r.nextInt(5));
      default -> throw new IllegalArgumentException("no values for type " + name);
    };
  }

  private static String string(String name, int typmod, Hint h, SplittableRandom r,
      boolean unique) {
    int max = limit(name, typmod);
    if (!h.regexes().isEmpty() && r.nextInt(5) != 0) {
      Optional<String> sample = Patterns.regex(h.regexes().get(r.nextInt(h.regexes().size())),
          r, max);
      if (sample.isPresent()) {
        return sample.get();
      }
    }
    if (!h.likes().isEmpty() && r.nextInt(5) != 0) {
      String sample = Patterns.like(h.likes().get(r.nextInt(h.likes().size())), r);
      if (max < 0 || sample.codePointCount(0, sample.length()) <= max) {
        return sample;
      }
    }
    List<String> fitting = h.strings().stream()
        .filter(s -> max < 0 || s.codePointCount(0, s.length()) <= max).toList();
    if (!fitting.isEmpty() && r.nextInt(5) != 0) {
      return fitting.get(r.nextInt(fitting.size()));
    }
    if (max >= 0 && max <= 3) {
      return Texts.code(r, name.equals("bpchar") ? max : r.nextInt(1, max + 1));
    }
    if (unique && max >= 0 && max < 12) {
      return Texts.truncate(Texts.suffix(r) + Texts.suffix(r), max);
    }
    return Texts.text(h.column(), r, unique, max);
  }

  /** The length limit in characters of a string type, -1 for none. */
  static int limit(String name, int typmod) {
    if (name.equals("name")) {
      return 63;
    }
    if (name.equals("bpchar")) {
      return typmod > 4 ? typmod - 4 : (typmod < 0 ? -1 : 1);
    }
    return name.equals("varchar") && typmod > 4 ? typmod - 4 : -1;
  }

  private static String numeric(int typmod, SplittableRandom r, boolean unique) {
    if (typmod < 4) {
      BigDecimal v = BigDecimal.valueOf(unique ? r.nextLong(1, Long.MAX_VALUE) : r.nextLong(1,
          1_000_000), 0).add(BigDecimal.valueOf(r.nextInt(10_000), 4));
      return v.toPlainString();
    }
    int precision = ((typmod - 4) >> 16) & 0xffff;
    int scale = (((typmod - 4) & 0x7ff) ^ 1024) - 1024;
    int digits = Math.min(precision, unique ? 18 : Math.max(scale, 0) + 5);
    BigInteger unscaled = BigInteger.valueOf(r.nextLong(0, Long.MAX_VALUE))
        .mod(BigInteger.TEN.pow(digits));
    return new BigDecimal(unscaled, scale).toPlainString();
  }

  private static String interval(SplittableRandom r) {
    return switch (r.nextInt(3)) {
      case 0 -> r.nextInt(1, 400) + " days";
      case 1 -> clock(r);
      default -> r.nextInt(1, 24) + " mons " + r.nextInt(1, 30) + " days " + clock(r);
    };
  }

  private static String clock(SplittableRandom r) {
    return pad(r.nextInt(24), 2) + ":" + pad(r.nextInt(60), 2) + ":" + pad(r.nextInt(60), 2);
  }

  private static String pad(int n, int width) {
    String s = Integer.toString(n);
    return "0".repeat(Math.max(0, width - s.length())) + s;
  }

  private static String uuid(SplittableRandom r) {
    long hi = (r.nextLong() & 0xffffffffffff0fffL) | 0x4000L;
    long lo = (r.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L;
    return new UUID(hi, lo).toString();
  }

  private static String json(SplittableRandom r) {
    return "{\"id\": " + r.nextInt(1, 100_000) + ", \"name\": \"" + Texts.word(r)
        + "\", \"tags\": [\"" + Texts.word(r) + "\", \"" + Texts.word(r) + "\"], \"active\": "
        + r.nextBoolean() + ", \"score\": " + r.nextInt(100) + "." + r.nextInt(10) + "}";
  }

  private static String mac(SplittableRandom r, int bytes) {
    byte[] b = new byte[bytes];
    r.nextBytes(b);
    return HexFormat.ofDelimiter(":").formatHex(b);
  }

  private static String bits(SplittableRandom r, int n) {
    StringBuilder s = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      s.append(r.nextBoolean() ? '1' : '0');
    }
    return s.toString();
  }

  private static String array(PgType element, int typmod, Hint h, SplittableRandom r) {
    int n = r.nextInt(0, 4);
    List<String> items = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String item = realistic(element, typmod, h, r, false);
      if (!items.contains(item)) {
        items.add(item);
      }
    }
    return arrayLiteral(items);
  }

  /** An array's input text, every element quoted; a null element is written NULL. */
  static String arrayLiteral(List<String> items) {
    StringBuilder s = new StringBuilder("{");
    for (int i = 0; i < items.size(); i++) {
      String item = items.get(i);
      s.append(i == 0 ? "" : ",");
      s.append(item == null ? "NULL"
          : "\"" + item.replace("\\", "\\\\").replace("\"", "\\\"") + "\"");
    }
    return s.append('}').toString();
  }

  /** The type's edge values, the same list every time. */
  static List<String> edges(PgType t, int typmod) {
    if (t.isDomain()) {
      return edges(t.base(), t.baseTypmod() >= 0 ? t.baseTypmod() : typmod);
    }
    if (t.isArray()) {
      List<String> inner = edges(t.element(), typmod);
      List<String> arrays = new ArrayList<>(List.of("{}", arrayLiteral(inner.subList(0,
          Math.min(2, inner.size())))));
      if (!t.element().forbidsNull()) {
        arrays.add(arrayLiteral(Arrays.asList(inner.get(0), null)));
      }
      return arrays;
    }
    if (t.kind() == 'e') {
      return List.of(t.labels().get(0), t.labels().get(t.labels().size() - 1));
    }
    if (STRINGS.contains(t.name())) {
      return stringEdges(t.name(), typmod);
    }
    return Edges.of(t.name(), typmod);
  }

  private static List<String> stringEdges(String name, int typmod) {
    int max = limit(name, typmod);
    SplittableRandom r = new SplittableRandom(max);
    List<String> edges = new ArrayList<>();
    edges.add(name.equals("name") ? Texts.multibyte(1) : Texts.multibyte(max < 0 ? 4000 : max));
    edges.add(max < 0 ? Texts.letters(r, LARGE) : Texts.letters(r, max));
    edges.add("");
    edges.add("O'Brien \"quoted\" back\\slash\ttab\nnew line");
    edges.add("  padded  ");
    edges.add("NULL");
    return edges.stream().map(e -> Texts.truncate(e, max)).distinct().toList();
  }

  /** Edge values of types other than strings, arrays and enums. */
  private static final class Edges {
    private Edges() {}

    static List<String> of(String name, int typmod) {
      return switch (name) {
        case "int2" -> List.of("0", "-1", "32767", "-32768");
        case "int4" -> List.of("0", "-1", "2147483647", "-2147483648");
        case "int8" -> List.of("0", "-1", "9223372036854775807", "-9223372036854775808");
        case "oid" -> List.of("0", "4294967295");
        case "numeric" -> numeric(typmod);
        case "float4" -> List.of("NaN", "Infinity", "-Infinity", "-0", "3.4028235e+38",
            "1.1754944e-38", "0.1");
        case "float8" -> List.of("NaN", "Infinity", "-Infinity", "-0", "1.7976931348623157e+308",
            "2.2250738585072014e-308", "0.1");
        case "money" -> List.of("0.00", "-1.00", "0.01");
        case "bool" -> List.of("true", "false");
        case "char" -> List.of("z", "A");
        default -> temporal(name, typmod);
      };
    }

    private static List<String> numeric(int typmod) {
      if (typmod < 4) {
        return List.of("NaN", "0", "-0.000000000000000000000000000001",
            "123456789012345678901234567890.123456789", "-1");
      }
      int precision = ((typmod - 4) >> 16) & 0xffff;
      int scale = (((typmod - 4) & 0x7ff) ^ 1024) - 1024;
      BigDecimal max = new BigDecimal(BigInteger.TEN.pow(precision).subtract(BigInteger.ONE),
          scale);
      List<String> edges = new ArrayList<>(List.of("NaN", "0", max.toPlainString(),
          max.negate().toPlainString()));
      if (scale > 0) {
        edges.add(BigDecimal.ONE.movePointLeft(scale).toPlainString());
      }
      return edges;
    }

    private static List<String> temporal(String name, int typmod) {
      return switch (name) {
        case "date" -> List.of("infinity", "-infinity", "2000-02-29", "1970-01-01", "0001-01-01",
            "9999-12-31");
        case "time" -> List.of("00:00:00", "23:59:59.999999", "24:00:00", "02:30:00");
        case "timetz" -> List.of("00:00:00+14", "23:59:59.999999-12", "12:00:00+05:30");
        case "timestamp" -> List.of("infinity", "-infinity", "2024-10-27 02:30:00",
            "2024-03-31 02:30:00", "2024-11-03 01:30:00", "2000-02-29 23:59:59.999999",
            "1970-01-01 00:00:00", "0001-01-01 00:00:00");
        case "timestamptz" -> List.of("infinity", "-infinity",
            "2024-10-27 02:30:00 Europe/Berlin", "2024-03-31 02:30:00 Europe/Berlin",
            "2024-11-03 01:30:00 America/New_York", "2024-10-27 00:30:00+00",
            "1970-01-01 00:00:00+00", "2000-02-29 23:59:59.999999+00");
        case "interval" -> List.of("00:00:00", "-1 days", "00:00:00.000001",
            "1 year 2 mons 3 days 04:05:06.789", "1 mon -1 days", "1000 years");
        default -> other(name, typmod);
      };
    }

    private static List<String> other(String name, int typmod) {
      SplittableRandom r = new SplittableRandom(LARGE);
      return switch (name) {
        case "uuid" -> List.of("00000000-0000-0000-0000-000000000000",
            "ffffffff-ffff-ffff-ffff-ffffffffffff");
        case "bytea" -> List.of("\\x", "\\x00", "\\x" + Texts.hex(r, 2 * LARGE));
        case "json", "jsonb" -> List.of("{}", "[]", "null", "\"é \\u00e9 😀 \\\" \\\\\"",
            "{\"nested\": {\"deep\": [1, 2.5, -3e10, null, true, \"\"]}}", largeJson(r));
        case "inet" -> List.of("0.0.0.0", "255.255.255.255", "::1", "2001:db8::1/64",
            "::ffff:192.0.2.1");
        case "cidr" -> List.of("0.0.0.0/0", "192.0.2.1/32", "::/0", "2001:db8::/32");
        case "macaddr" -> List.of("00:00:00:00:00:00", "ff:ff:ff:ff:ff:ff");
        case "macaddr8" -> List.of("00:00:00:00:00:00:00:00", "ff:ff:ff:ff:ff:ff:ff:ff");
        case "bit" -> List.of("0".repeat(Math.max(typmod, 1)), "1".repeat(Math.max(typmod, 1)));
        case "varbit" -> List.of("", "1".repeat(typmod > 0 ? typmod : 64));
        case "tsvector" -> List.of("", "'quoted word':1A apple:2,3");
        default -> throw new IllegalArgumentException("no values for type " + name);
      };
    }

    /** A JSON object large enough that PostgreSQL stores it out of line (TOAST). */
    private static String largeJson(SplittableRandom r) {
      StringBuilder s = new StringBuilder("{\"items\": [");
      for (int i = 0; s.length() < LARGE; i++) {
        s.append(i == 0 ? "" : ", ").append("{\"n\": ").append(i).append(", \"v\": \"")
            .append(Texts.letters(r, 40)).append("\"}");
      }
      return s.append("]}").toString();
    }
  }
}
