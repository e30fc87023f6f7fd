package dev.gatehouse.web;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.info.Info;

/**
 * Gatehouse's REST application. Mapped at the root so that every path, known or not, answers
 * problem+json (health and OpenAPI are Liberty's own modules at /health and /openapi).
 */
@ApplicationPath("/")
@OpenAPIDefinition(
    info =
        @Info(
            title = "Gatehouse",
            version = "1",
            description =
                "Bring-your-own-token authorization: check API, admin API for workspaces,"
                    + " providers and policies."))
public class GatehouseApplication extends Application {}
