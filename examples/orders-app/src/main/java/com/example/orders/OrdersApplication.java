package com.example.orders;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The orders application's REST endpoints, under {@code /api}. */
@ApplicationPath("/api")
public class OrdersApplication extends Application {}
