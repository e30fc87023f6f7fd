package dev.gatehouse.demo;

import dev.gatehouse.admin.PolicyService;
import dev.gatehouse.admin.ProviderService;
import dev.gatehouse.admin.WorkspaceService;
import dev.gatehouse.json.Json;
import dev.gatehouse.store.DatabaseState;
import dev.gatehouse.store.Page;
import dev.gatehouse.store.PageRequest;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * With the demo on, makes sure workspace {@code demo} has the demo issuer as a Clerk-style provider
 * and the seed's policies, through the same services (and validation) as the admin API. Leaves
 * whatever is already there alone.
 */
@ApplicationScoped
public class DemoSetup {
  private static final Logger LOG = Logger.getLogger(DemoSetup.class.getName());
  static final String WORKSPACE = "demo";

  /** Who the seeded items' first versions name (docs/api.md#versions-and-rollback). */
  static final String DEMO_WRITER = "gatehouse-demo";

  @Inject DemoIssuer issuer;
  @Inject DatabaseState database;
  @Inject WorkspaceService workspaces;
  @Inject ProviderService providers;
  @Inject PolicyService policies;

  @SuppressWarnings("unchecked")
  void setUp(@Observes @Priority(40) Startup startup) {
    if (!issuer.enabled() || !database.isMigrated()) {
      return;
    }
    Map<String, Object> seed;
    try (InputStream in = DemoSetup.class.getResourceAsStream("/demo/seed.json")) {
      seed = (Map<String, Object>) Json.toJava(Json.parseUntrusted(in));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    workspaces.ensure(WORKSPACE);
    boolean hasIssuer =
        all(page -> providers.list(WORKSPACE, page)).stream()
            .anyMatch(p -> p.issuer().equals(issuer.issuer()));
    if (!hasIssuer) {
      Map<String, Object> provider =
          new LinkedHashMap<>((Map<String, Object>) seed.get("provider"));
      provider.put("issuer", issuer.issuer());
      provider.put("jwksUri", issuer.jwksUri());
      providers.create(WORKSPACE, provider, DEMO_WRITER);
    }
    Set<String> existing =
        all(page -> policies.list(WORKSPACE, page)).stream()
            .map(p -> p.name())
            .collect(Collectors.toSet());
    for (Object p : (List<Object>) seed.get("policies")) {
      if (!existing.contains(((Map<String, Object>) p).get("name"))) {
        policies.create(WORKSPACE, p, DEMO_WRITER);
      }
    }
    LOG.warning(
        "Gatehouse demo is ON (gatehouse.demo.enabled=true): "
            + issuer.issuer()
            + " mints any token for any caller on this machine (or behind a proxy on it). Never"
            + " enable it in a real deployment.");
  }

  /**
   * Every item of a paged list, not only its first page: a demo workspace may hold more than one
   * page, and a seed item re-created after a deletion sorts after all the others.
   */
  static <T> List<T> all(Function<PageRequest, Page<T>> list) {
    List<T> items = new ArrayList<>();
    PageRequest request = PageRequest.first(PageRequest.MAX_LIMIT);
    while (true) {
      Page<T> page = list.apply(request);
      items.addAll(page.items());
      if (page.nextAfter() == null) {
        return items;
      }
      if (page.nextAfter().equals(request.afterId())) {
        throw new IllegalStateException("a paged list did not advance past " + request.afterId());
      }
      request = request.next(page);
    }
  }
}
