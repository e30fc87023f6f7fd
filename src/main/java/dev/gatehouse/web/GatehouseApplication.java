package dev.gatehouse.web;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/**
 * Gatehouse's REST application. Mapped at the root so that every path, known or not, answers
 * problem+json (health and OpenAPI are Liberty's own modules at /health and /openapi; the OpenAPI
 * document is META-INF/openapi.yaml).
 */
@ApplicationPath("/")
public class GatehouseApplication extends Application {}
