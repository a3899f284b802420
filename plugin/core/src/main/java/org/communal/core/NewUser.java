package org.communal.core;

import java.util.Optional;

/**
 * What an admin gives to create an account.
 *
 * @param username 1 to 64 letters, digits, '.', '_' or '-'
 * @param displayName may be empty
 * @param email may be empty
 * @param admin whether the account administers Communal
 * @param password the initial password, or empty to generate a one-time one
 */
public record NewUser(String username, String displayName, Optional<String> email, boolean admin,
    Optional<String> password) {}
