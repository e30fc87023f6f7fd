package dev.gatehouse.client;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.Config;

/**
 * Makes the application's one {@link GatehouseClient} from MicroProfile Config when the application
 * starts, so that a missing or bad {@code gatehouse.client.*} key stops the start with a message
 * naming it (docs/client.md#configuration), not the first protected call.
 */
@ApplicationScoped
public class GatehouseClientProducer {
  @Inject Config config;
  private GatehouseClient client;

  @PostConstruct
  void create() {
    try {
      client = GatehouseClient.fromConfig(config);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("The Gatehouse client cannot start: " + e.getMessage(), e);
    }
  }

  /** Observing is enough: the container builds this bean at start, and {@link #create} checks. */
  void atStart(@Observes Startup startup) {
    // Nothing more to do.
  }

  /**
   * {@code @Inject GatehouseClient}: the same client (and connections) for the whole application.
   */
  @Produces
  GatehouseClient client() {
    return client;
  }
}
