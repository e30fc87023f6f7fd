package dev.gatehouse.demo;

import dev.gatehouse.error.NotFoundException;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.PathSegment;
import jakarta.ws.rs.ext.Provider;
import java.util.List;

/** With the demo off, nothing under /demo exists: 404 before any routing or authorization. */
@Provider
@PreMatching
@Priority(Priorities.AUTHENTICATION - 100)
public class DemoFilter implements ContainerRequestFilter {
  @Inject DemoIssuer demo;

  @Override
  public void filter(ContainerRequestContext request) {
    List<PathSegment> segments = request.getUriInfo().getPathSegments();
    String first =
        segments.stream()
            .map(PathSegment::getPath)
            .filter(s -> !s.isEmpty())
            .findFirst()
            .orElse("");
    if (first.equals("demo") && !demo.enabled()) {
      // The one mapping at the edge (web/ExceptionMappers) makes the 404 problem+json of
      // docs/api.md#errors; demo/ does not reach into web/ for it (README.md#project-layout).
      throw new NotFoundException("no such resource");
    }
  }
}
