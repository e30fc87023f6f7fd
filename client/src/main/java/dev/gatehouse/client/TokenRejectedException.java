package dev.gatehouse.client;

import dev.gatehouse.token.TokenCodes;

/**
 * Gatehouse would not trust the token: a 401 token code ({@code missing_token}, {@code
 * token_expired}, …) or 413 {@code payload_too_large} (docs/client.md#errors). The {@link
 * #detail()} is the code's fixed public text ({@link TokenCodes#publicDetail}).
 */
public class TokenRejectedException extends GatehouseException {
  private static final long serialVersionUID = 1L;

  public TokenRejectedException(int status, String code) {
    super(status, code, TokenCodes.publicDetail(code), null);
  }
}
