package dev.gatehouse.admin;

import dev.gatehouse.catalog.KeysRefreshed;
import dev.gatehouse.error.ValidationException;
import dev.gatehouse.json.JsonFields;
import dev.gatehouse.store.Transactions;
import dev.gatehouse.token.ProviderKeys;
import dev.gatehouse.token.TokenTrust;
import dev.gatehouse.token.TokenVerifier;
import dev.gatehouse.token.TrustedProvider;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The admin side of token trust: the token playground and each provider's key cache. */
@ApplicationScoped
public class TokenService {
  @Inject WorkspaceService workspaces;
  @Inject ProviderService providers;
  @Inject TokenTrust trust;
  @Inject Transactions tx;
  @Inject Event<KeysRefreshed> keysRefreshed;
  @Inject ChangeLog changes;

  /** A provider's keys as cached now, with the provider they belong to. */
  public record KeysView(TrustedProvider provider, ProviderKeys.Snapshot snapshot) {}

  /** Verifies {@code body.token} in the workspace and keeps everything that could be read. */
  public TokenVerifier.Inspection inspect(String workspace, Object body) {
    List<dev.gatehouse.error.FieldError> errors = new ArrayList<>();
    JsonFields f = JsonFields.of(body, "", errors);
    f.rejectUnknown(Set.of("token"));
    Object token = f.raw("token");
    if (token == null) {
      f.error("token", "is required");
    } else if (!(token instanceof String)) {
      f.error("token", "must be a string");
    }
    if (!errors.isEmpty()) {
      throw new ValidationException(errors);
    }
    String workspaceId = workspaces.get(workspace).id();
    return trust.verifier().inspect(workspaceId, (String) token);
  }

  public KeysView keys(String workspace, String providerId) {
    TrustedProvider p = providers.trusted(workspace, providerId);
    return new KeysView(p, trust.keys().of(p).snapshot());
  }

  /** Fetches the provider's keys now, and has every other node sharing the database do so too. */
  public KeysView refresh(String workspace, String providerId) {
    TrustedProvider p = providers.trusted(workspace, providerId);
    tx.run(() -> keysRefreshed.fire(new KeysRefreshed(p.workspaceId(), p.id())));
    ProviderKeys.Snapshot after = trust.keys().of(p).refreshNow();
    // The outcome only: never a key, never the JWKS address or the fetch's error text (which names
    // it) (docs/api.md#change-log).
    tx.run(
        () ->
            changes.record(
                p.workspaceId(),
                null,
                ChangeLog.Kind.KEYS,
                p.id(),
                p.name(),
                ChangeLog.Operation.REFRESH,
                null,
                null,
                null,
                refreshOutcome(after)));
    return new KeysView(p, after);
  }

  /** What a key refresh's change-log entry says: how many keys, or that the fetch failed. */
  static String refreshOutcome(ProviderKeys.Snapshot s) {
    if (s.lastFetchSucceeded()) {
      return "keys fetched: " + s.keys().size() + " key(s)";
    }
    return "fetch failed (jwks_unavailable)"
        + (s.keys().isEmpty()
            ? "; no keys cached"
            : "; " + s.keys().size() + " cached key(s) kept");
  }
}
