import 'reflect-metadata';
import { ModulesContainer } from '@nestjs/core';
import { GATEWAY_METADATA, MESSAGE_METADATA } from '@nestjs/websockets/constants.js';
import type { ClientToServerEvents } from '@parley/shared';
import type { TestApp } from './app.js';

/** `METHOD /path/:param` as Express holds it, e.g. `PATCH /api/comments/:id`. */
export type RouteKey = `${'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'} /${string}`;
export type SocketEvent = keyof ClientToServerEvents;

interface RouterLayer {
  route?: { path: string | string[]; methods: Record<string, boolean> };
}

/**
 * Every HTTP route the running app registered, read from Express's router rather than from a
 * list of controllers, so a route added anywhere shows up here (and in the suites that must cover it).
 */
export function registeredRoutes(testApp: TestApp): RouteKey[] {
  const express = testApp.app.getHttpAdapter().getInstance() as { router: { stack: RouterLayer[] } };
  const routes = new Set<RouteKey>();
  for (const layer of express.router.stack) {
    if (!layer.route) continue;
    const paths = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path];
    for (const path of paths) {
      for (const [method, on] of Object.entries(layer.route.methods)) {
        if (on && method !== '_all') routes.add(`${method.toUpperCase()} ${path}` as RouteKey);
      }
    }
  }
  return [...routes].sort();
}

/**
 * Every socket event a gateway of the running app subscribes to (`@SubscribeMessage`), found by
 * walking Nest's module container: a new gateway or handler shows up here.
 */
export function subscribedSocketEvents(testApp: TestApp): string[] {
  const events = new Set<string>();
  for (const module of testApp.app.get(ModulesContainer).values()) {
    for (const wrapper of module.providers.values()) {
      const type = wrapper.metatype as (new (...args: never[]) => unknown) | null | undefined;
      if (!type?.prototype || !Reflect.getMetadata(GATEWAY_METADATA, type)) continue;
      const prototype = type.prototype as Record<string, unknown>;
      for (const name of Object.getOwnPropertyNames(prototype)) {
        const handler = prototype[name];
        if (typeof handler !== 'function') continue;
        const event = Reflect.getMetadata(MESSAGE_METADATA, handler) as string | undefined;
        if (event) events.add(event);
      }
    }
  }
  return [...events].sort();
}
