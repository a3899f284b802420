package org.communal.webhooks.internal;

/**
 * A delivery one dispatcher claimed for one attempt. Not API.
 *
 * @param id the delivery's id
 * @param webhookId its webhook
 * @param url where to POST it
 * @param secret the webhook's signing secret
 * @param event the event's wire name
 * @param stored the {@code payload} column (see {@link Envelope})
 * @param attempts the attempts counted so far, this one included: the claim's fencing token
 */
public record Claimed(long id, long webhookId, String url, String secret, String event,
    String stored, int attempts) {
  @Override
  public String toString() {
    return "Claimed[delivery " + id + " of webhook " + webhookId + ", attempt " + attempts + "]";
  }
}
