package dev.gatehouse.client;

/**
 * How a check is asked (docs/client.md#the-programmatic-client).
 *
 * @param workspace the workspace that decides; null: {@code gatehouse.client.workspace}
 * @param ipAddress the end user's address as the application saw it (an IPv4 or IPv6 literal);
 *     null: none, Gatehouse then sees the application's address
 * @param includePrincipal whether the answer carries the {@link Principal} Gatehouse verified
 */
public record CheckOptions(String workspace, String ipAddress, boolean includePrincipal) {
  /** The settings' workspace, no address, no principal. */
  public static final CheckOptions DEFAULT = new CheckOptions(null, null, false);

  public CheckOptions withWorkspace(String workspace) {
    return new CheckOptions(workspace, ipAddress, includePrincipal);
  }

  public CheckOptions withIpAddress(String ipAddress) {
    return new CheckOptions(workspace, ipAddress, includePrincipal);
  }

  public CheckOptions withIncludePrincipal(boolean includePrincipal) {
    return new CheckOptions(workspace, ipAddress, includePrincipal);
  }
}
