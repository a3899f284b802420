package org.communal.webhooks;

import java.util.Locale;

/** Where a delivery stands; stored and shown as the lower-case name. */
public enum DeliveryStatus {
  /** Waiting for its first or next attempt. */
  PENDING,
  /** A receiver answered 2xx. */
  DELIVERED,
  /** It will not be tried again: the receiver answered 410 Gone, or every retry failed. */
  FAILED;

  /** The name in the database and the API, such as {@code pending}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The status with this wire name. */
  public static DeliveryStatus fromWireName(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }
}
