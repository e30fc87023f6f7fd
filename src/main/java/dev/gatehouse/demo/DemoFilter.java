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

/** With the demo off, nothing under /demo exists: 404 before any routing or authorization. */
@Provider
@PreMatching
@Priority(Priorities.AUTHENTICATION - 100)
public class DemoFilter implements ContainerRequestFilter {
  @Inject DemoIssuer demo;

  @Override
  public void filter(ContainerRequestContext request) {
    // A loop, not a stream: every request passes here (bench/results/profile-2026-12-06.md).
    String first = "";
    for (PathSegment s : request.getUriInfo().getPathSegments()) {
      if (!s.getPath().isEmpty()) {
        first = s.getPath();
        break;
      }
    }
    if (first.equals("demo") && !demo.enabled()) {
      // The one mapping at the edge (web/ExceptionMappers) makes the 404 problem+json of
      // docs/api.md#errors; demo/ does not reach into web/ for it (README.md#project-layout).
      throw new NotFoundException("no such resource");
    }
  }
}
