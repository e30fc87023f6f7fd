package dev.gatehouse.client;

import dev.gatehouse.authorize.ExternalAuthorize;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.InterceptionType;
import jakarta.enterprise.util.AnnotationLiteral;
import jakarta.inject.Inject;
import java.util.List;
import org.eclipse.microprofile.config.Config;

/**
 * Makes the application's one {@link GatehouseClient} from MicroProfile Config when the application
 * starts, so that a missing or bad {@code gatehouse.client.*} key stops the start with a message
 * naming it (docs/client.md#configuration), not the first protected call; and stops it too when
 * {@code @ExternalAuthorize} would not be enforced (docs/client.md#what-to-depend-on).
 */
@ApplicationScoped
public class GatehouseClientProducer {
  static final String SERVLET_REQUEST = "jakarta.servlet.http.HttpServletRequest";

  @Inject Config config;
  @Inject BeanManager beans;
  private GatehouseClient client;

  @PostConstruct
  void create() {
    try {
      client = GatehouseClient.fromConfig(config);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("The Gatehouse client cannot start: " + e.getMessage(), e);
    }
  }

  /**
   * At start: the container has built this bean ({@link #create} checked the configuration), and
   * the remote interceptor must be in force.
   */
  void atStart(@Observes Startup startup) {
    requireEnforcement(
        servletApiVisible(GatehouseClientProducer.class.getClassLoader()),
        beans.resolveInterceptors(InterceptionType.AROUND_INVOKE, new Binding()).stream()
            .map(Bean::getBeanClass)
            .toList());
  }

  /**
   * {@code @Inject GatehouseClient}: the same client (and connections) for the whole application.
   */
  @Produces
  GatehouseClient client() {
    return client;
  }

  /**
   * Fails closed when annotated methods would run unchecked. A container that does not give the
   * application the Servlet API (Open Liberty with {@code restfulWS-3.1} but not {@code
   * servlet-6.0}) cannot load the interceptor, which reads the token from the servlet request, and
   * CDI then skips it without an error.
   */
  static void requireEnforcement(boolean servletApi, List<Class<?>> interceptors) {
    if (!servletApi) {
      throw new IllegalStateException(
          "The Gatehouse client cannot start: the Servlet API ("
              + SERVLET_REQUEST
              + ") is not visible to the application, so @ExternalAuthorize could not read the"
              + " caller's token and annotated methods would run unchecked; enable it (Open"
              + " Liberty: the servlet-6.0 feature)");
    }
    if (!interceptors.contains(RemoteAuthorizeInterceptor.class)) {
      throw new IllegalStateException(
          "The Gatehouse client cannot start: its RemoteAuthorizeInterceptor is not enabled for"
              + " @ExternalAuthorize, so annotated methods would run unchecked (interceptors"
              + " found: "
              + interceptors.stream().map(Class::getName).toList()
              + ")");
    }
  }

  static boolean servletApiVisible(ClassLoader loader) {
    try {
      Class.forName(SERVLET_REQUEST, false, loader);
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  /** The interceptor binding as a value, to ask the container which interceptors it has. */
  @SuppressWarnings("all")
  static final class Binding extends AnnotationLiteral<ExternalAuthorize>
      implements ExternalAuthorize {
    private static final long serialVersionUID = 1L;

    @Override
    public String resource() {
      return "";
    }

    @Override
    public String action() {
      return "";
    }

    @Override
    public String workspace() {
      return "default";
    }

    @Override
    public boolean allowUnauthenticated() {
      return false;
    }
  }
}
