package dev.gatehouse.admin;

import jakarta.enterprise.context.RequestScoped;

/**
 * Who made the admin request being served and from where, as the admin API's authentication
 * accepted it (docs/api.md#change-log): the change log reads both from here, so that no service's
 * signature has to carry them.
 */
@RequestScoped
public class AdminRequest {
  private String user;
  private String clientAddress;

  /** Called once the request is authenticated. */
  public void accepted(String user, String clientAddress) {
    this.user = user;
    this.clientAddress = clientAddress;
  }

  /** The admin user name; null when the request was not authenticated as an admin. */
  public String user() {
    return user;
  }

  /** The client address (the peer, or what a trusted proxy names); null when not known. */
  public String clientAddress() {
    return clientAddress;
  }
}
