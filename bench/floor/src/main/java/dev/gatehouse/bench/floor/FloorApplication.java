package dev.gatehouse.bench.floor;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Set;

/**
 * The floor of bench/run.sh (bench/README.md): one JAX-RS resource, registered as a singleton so
 * that no request creates or injects anything. The server it runs in has only restfulWS-3.1 and
 * jsonp-2.1: none of Gatehouse's filters, metrics, health checks or CDI beans.
 */
@ApplicationPath("/")
public class FloorApplication extends Application {
  @Override
  public Set<Object> getSingletons() {
    return Set.of(new FloorResource());
  }
}
