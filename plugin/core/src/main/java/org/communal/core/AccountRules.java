package org.communal.core;

import java.util.List;
import java.util.function.Predicate;
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

  /**
   * Checks a new password against every rule: 12 to 1024 characters (counted as Unicode
   * characters, not UTF-16 units), not white space alone, not the username, and not the
   * one-time password the account holds.
   *
   * @param field names the password in the problem, such as {@code new_password}
   * @param isOneTimePassword whether the password is the account's current one-time password
   */
  static void checkPassword(String field, String password, String username,
      Predicate<String> isOneTimePassword, List<FieldProblem> problems) {
    String reason = passwordProblem(password, username);
    if (reason == null && isOneTimePassword.test(password)) {
      reason = "must not be the one-time password: choose a password of your own";
    }
    if (reason != null) {
      problems.add(new FieldProblem(field, reason));
    }
  }

  private static String passwordProblem(String password, String username) {
    int length = password == null ? 0 : password.codePointCount(0, password.length());
    if (length < MIN_PASSWORD) {
      return "must have at least " + MIN_PASSWORD + " characters; it has " + length;
    }
    if (length > MAX_PASSWORD) {
      return "must have at most " + MAX_PASSWORD + " characters; it has " + length;
    }
    if (password.codePoints().allMatch(c -> Character.isWhitespace(c)
        || Character.isSpaceChar(c))) {
      return "must not be white space alone: use letters, digits or other signs too";
    }
    return password.equalsIgnoreCase(username) ? "must not be the username" : null;
  }

  static void throwIfAny(List<FieldProblem> problems) {
    if (!problems.isEmpty()) {
      throw new InvalidInputException(problems);
    }
  }
}
