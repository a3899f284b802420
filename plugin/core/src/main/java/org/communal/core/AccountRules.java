package org.communal.core;

import java.util.List;
import java.util.regex.Pattern;

/** The rules for account fields, shared by every place that accepts them. */
public final class AccountRules {
  /** The shortest password accepted. */
  public static final int MIN_PASSWORD = 12;
  /** The longest password accepted (hashing cost grows with length). */
  public static final int MAX_PASSWORD = 1024;

  private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
  private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]{1,189}");

  private AccountRules() {}

  static void checkUsername(String username, List<FieldProblem> problems) {
    if (username == null || !USERNAME.matcher(username).matches()) {
      problems.add(new FieldProblem("username", "must be 1 to 64 letters, digits, '.', '_' or '-',"
          + " starting with a letter or digit"));
    }
  }

  static void checkDisplayName(String displayName, List<FieldProblem> problems) {
    if (displayName != null && (displayName.length() > 100 || displayName.chars()
        .anyMatch(Character::isISOControl))) {
      problems.add(new FieldProblem("display_name",
          "must be one line of at most 100 characters"));
    }
  }

  static void checkEmail(String email, List<FieldProblem> problems) {
    if (email != null && !email.isEmpty() && !EMAIL.matcher(email).matches()) {
      problems.add(new FieldProblem("email", "must look like name@example.org"));
    }
  }

  /** Checks a new password; {@code field} names it in the problem. */
  static void checkPassword(String field, String password, String username,
      List<FieldProblem> problems) {
    if (password == null || password.length() < MIN_PASSWORD) {
      problems.add(new FieldProblem(field, "must be at least " + MIN_PASSWORD + " characters"));
    } else if (password.length() > MAX_PASSWORD) {
      problems.add(new FieldProblem(field, "must be at most " + MAX_PASSWORD + " characters"));
    } else if (password.equalsIgnoreCase(username)) {
      problems.add(new FieldProblem(field, "must not be the username"));
    }
  }

  static void throwIfAny(List<FieldProblem> problems) {
    if (!problems.isEmpty()) {
      throw new InvalidInputException(problems);
    }
  }
}
