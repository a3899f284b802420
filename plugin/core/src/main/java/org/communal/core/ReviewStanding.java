package org.communal.core;

/**
 * Where the reviews of a review request stand, from its published reviews.
 *
 * @param reviews published reviews (replies not counted)
 * @param shipIts reviews with a Ship It that stands, from others than the submitter
 * @param openIssues issues open
 * @param verifyingIssues issues the submitter handled that wait for their commenter's check
 * @param approved what the approval rule says
 */
public record ReviewStanding(int reviews, int shipIts, int openIssues, int verifyingIssues,
    boolean approved) {}
