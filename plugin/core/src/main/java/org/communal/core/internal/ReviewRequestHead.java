package org.communal.core.internal;

import java.util.Optional;
import org.communal.core.User;

/**
 * The few facts about a review request that reviews need, read without its reviewers and
 * dependencies. Not API.
 *
 * @param id the review request
 * @param submitter who submitted it
 * @param repositoryId its repository, if any
 * @param published whether it was ever published
 * @param requiresVerification whether fixed issues wait for their commenter's check
 * @param inviteOnly whether it is kept within an invite-only group (no event about it leaves)
 */
public record ReviewRequestHead(long id, User submitter, Optional<Long> repositoryId,
    boolean published, boolean requiresVerification, boolean inviteOnly) {}
