package org.communal.diff.internal;

import java.util.ArrayList;
import java.util.List;
import org.communal.diff.Row.Range;
import org.eclipse.jgit.diff.Edit;
import org.eclipse.jgit.diff.EditList;
import org.eclipse.jgit.diff.HistogramDiff;
import org.eclipse.jgit.diff.Sequence;
import org.eclipse.jgit.diff.SequenceComparator;

/**
 * The changed parts of a replaced line. Both lines are cut into tokens (a run of letters, digits
 * and underscores; a run of whitespace; any other single character) and diffed with JGit's
 * {@link HistogramDiff}. When a line is longer than {@value #MAX_LENGTH} characters, or fewer than
 * half of the longer line's characters are unchanged, the lines are too different for a useful
 * highlight: the whole of each line is marked changed instead.
 */
final class IntraLine {
  static final int MAX_LENGTH = 500;
  private static final HistogramDiff DIFF = new HistogramDiff();

  /** The changed ranges of each side. */
  record Changes(List<Range> old, List<Range> neu) {}

  private IntraLine() {}

  static Changes of(String a, String b) {
    if (a.length() > MAX_LENGTH || b.length() > MAX_LENGTH) {
      return whole(a, b);
    }
    Tokens ta = Tokens.of(a);
    Tokens tb = Tokens.of(b);
    EditList edits = DIFF.diff(Tokens.COMPARATOR, ta, tb);
    List<Range> old = new ArrayList<>();
    List<Range> neu = new ArrayList<>();
    for (Edit e : edits) {
      add(old, ta, e.getBeginA(), e.getEndA());
      add(neu, tb, e.getBeginB(), e.getEndB());
    }
    int unchanged = a.length() - length(old);
    return unchanged * 2 < Math.max(a.length(), b.length()) ? whole(a, b) : new Changes(old, neu);
  }

  private static Changes whole(String a, String b) {
    return new Changes(wholeLine(a), wholeLine(b));
  }

  private static List<Range> wholeLine(String s) {
    return s.isEmpty() ? List.of() : List.of(new Range(0, s.length()));
  }

  private static void add(List<Range> out, Tokens t, int begin, int end) {
    if (begin == end) {
      return;
    }
    int from = t.starts[begin];
    int to = t.starts[end];
    Range last = out.isEmpty() ? null : out.get(out.size() - 1);
    if (last != null && last.end() == from) {
      out.set(out.size() - 1, new Range(last.start(), to));
    } else {
      out.add(new Range(from, to));
    }
  }

  private static int length(List<Range> ranges) {
    return ranges.stream().mapToInt(r -> r.end() - r.start()).sum();
  }

  /** A line cut into tokens; token i is {@code text[starts[i], starts[i + 1])}. */
  static final class Tokens extends Sequence {
    static final SequenceComparator<Tokens> COMPARATOR = new SequenceComparator<>() {
      @Override
      public boolean equals(Tokens a, int ai, Tokens b, int bi) {
        int len = a.starts[ai + 1] - a.starts[ai];
        return len == b.starts[bi + 1] - b.starts[bi]
            && a.text.regionMatches(a.starts[ai], b.text, b.starts[bi], len);
      }

      @Override
      public int hash(Tokens t, int i) {
        int h = 0;
        for (int k = t.starts[i]; k < t.starts[i + 1]; k++) {
          h = 31 * h + t.text.charAt(k);
        }
        return h;
      }
    };

    final String text;
    final int[] starts;
    private final int size;

    private Tokens(String text, int[] starts, int size) {
      this.text = text;
      this.starts = starts;
      this.size = size;
    }

    static Tokens of(String text) {
      int[] starts = new int[text.length() + 1];
      int n = 0;
      for (int i = 0; i < text.length(); i = tokenEnd(text, i)) {
        starts[n++] = i;
      }
      starts[n] = text.length();
      return new Tokens(text, starts, n);
    }

    private static int tokenEnd(String s, int i) {
      int kind = kind(s.charAt(i));
      if (kind == 0) {
        return i + (Character.isHighSurrogate(s.charAt(i)) && i + 1 < s.length() ? 2 : 1);
      }
      int j = i + 1;
      while (j < s.length() && kind(s.charAt(j)) == kind) {
        j++;
      }
      return j;
    }

    /** 1 for word characters, 2 for whitespace, 0 for anything else (a token on its own). */
    private static int kind(char c) {
      if (Character.isLetterOrDigit(c) || c == '_') {
        return 1;
      }
      return Character.isWhitespace(c) ? 2 : 0;
    }

    @Override
    public int size() {
      return size;
    }
  }
}
