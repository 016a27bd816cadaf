import 'reflect-metadata';
import { RequestMethod } from '@nestjs/common';
import {
  METHOD_METADATA,
  PATH_METADATA,
  PIPES_METADATA,
  ROUTE_ARGS_METADATA,
} from '@nestjs/common/constants.js';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum.js';
import { ModulesContainer } from '@nestjs/core';
import { ROUTES, routeKey, type RouteAccess, type RouteSpec } from '@parley/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCESS_KEY, RoutePipe } from '../src/common/route.js';
import { BOOT_TIMEOUT_MS, startApp, testSetups, type TestApp } from './support/app.js';
import { registeredRoutes } from './support/surface.js';

/**
 * The route catalogue (packages/shared/src/routes/) is what the API reference is made from; this
 * holds it against what the app really does, so the reference cannot drift from the code.
 */

interface Handler {
  key: string;
  where: string;
  access: RouteAccess;
  /** The inputs the handler reads (`@Param()`, `@Query()`, `@Body()`), and whether it reads one field only. */
  inputs: { input: 'params' | 'query' | 'body'; field?: unknown }[];
  /** The `@Route(id)` validation pipes on the handler. */
  pipes: RoutePipe[];
}

const INPUTS = {
  [RouteParamtypes.PARAM]: 'params',
  [RouteParamtypes.QUERY]: 'query',
  [RouteParamtypes.BODY]: 'body',
} as const;

function joinPath(...parts: (string | undefined)[]): string {
  const joined = parts
    .flatMap((part) => (part ?? '').split('/'))
    .filter(Boolean)
    .join('/');
  return `/${joined}`;
}

/** Every controller method of the running app, with its route, access level and validation schemas. */
function controllerHandlers(testApp: TestApp): Handler[] {
  const handlers: Handler[] = [];
  for (const module of testApp.app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const type = wrapper.metatype as (new (...args: never[]) => unknown) | null;
      if (!type) continue;
      const prefix = Reflect.getMetadata(PATH_METADATA, type) as string | undefined;
      const classAccess = Reflect.getMetadata(ACCESS_KEY, type) as RouteAccess | undefined;
      const prototype = type.prototype as Record<string, unknown>;
      for (const name of Object.getOwnPropertyNames(prototype)) {
        const method = prototype[name];
        if (name === 'constructor' || typeof method !== 'function') continue;
        const verb = Reflect.getMetadata(METHOD_METADATA, method) as RequestMethod | undefined;
        const path = Reflect.getMetadata(PATH_METADATA, method) as string | undefined;
        if (verb === undefined || path === undefined) continue;
        const inputs: Handler['inputs'] = [];
        const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, type, name) ?? {}) as Record<
          string,
          { data?: unknown }
        >;
        for (const [slot, arg] of Object.entries(args)) {
          const input = INPUTS[Number(slot.split(':')[0]) as keyof typeof INPUTS];
          if (input) inputs.push({ input, field: arg.data });
        }
        const pipes = ((Reflect.getMetadata(PIPES_METADATA, method) ?? []) as unknown[]).filter(
          (pipe): pipe is RoutePipe => pipe instanceof RoutePipe,
        );
        handlers.push({
          key: `${RequestMethod[verb]} ${joinPath(prefix, path)}`,
          where: `${type.name}.${name}`,
          access:
            (Reflect.getMetadata(ACCESS_KEY, method) as RouteAccess | undefined) ?? classAccess ?? 'public',
          inputs,
          pipes,
        });
      }
    }
  }
  return handlers;
}

describe('route catalogue', () => {
  let app: TestApp;
  const catalogue = new Map<string, RouteSpec>(ROUTES.map((route) => [routeKey(route), route]));

  beforeAll(async () => {
    app = await startApp({ engine: testSetups()[0]!.engine });
  }, BOOT_TIMEOUT_MS);
  afterAll(async () => {
    await app?.close();
  });

  it('lists each route once, with a unique operationId', () => {
    expect(catalogue.size).toBe(ROUTES.length);
    const ids = ROUTES.map((route) => route.operationId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('lists exactly the routes the running app registered', () => {
    const registered = registeredRoutes(app);
    const missingFromCatalogue = registered.filter((key) => !catalogue.has(key));
    const notRegistered = [...catalogue.keys()].filter((key) => !registered.includes(key as never));
    expect(
      { missingFromCatalogue, notRegistered },
      'add the route to packages/shared/src/routes/ (or remove a stale entry)',
    ).toEqual({ missingFromCatalogue: [], notRegistered: [] });
  });

  it("validates each input a handler reads with its catalogue entry's schema, and guards it at the entry's access level", () => {
    const handlers = controllerHandlers(app);
    // Without this the comparison below could pass by finding nothing.
    expect(handlers.length).toBe(ROUTES.length);
    const problems: string[] = [];
    for (const handler of handlers) {
      const route = catalogue.get(handler.key);
      if (!route) {
        problems.push(`${handler.key} (${handler.where}) is not in the catalogue`);
        continue;
      }
      if (route.access !== handler.access) {
        problems.push(
          `${handler.key}: catalogue says ${route.access}, ${handler.where} is ${handler.access}`,
        );
      }
      if (handler.pipes.length !== 1 || handler.pipes[0]!.route !== route) {
        problems.push(`${handler.key}: ${handler.where} is not validated by its own @Route entry`);
        continue;
      }
      const pipe = handler.pipes[0]!;
      for (const input of ['params', 'query', 'body'] as const) {
        const reads = handler.inputs.filter((read) => read.input === input);
        const listed = route[input];
        if (reads.some((read) => read.field !== undefined)) {
          problems.push(`${handler.key}: ${handler.where} reads one field of its ${input}, not the whole`);
        }
        if (!listed !== (reads.length === 0) || pipe.schemaFor(input) !== listed) {
          problems.push(
            `${handler.key}: the catalogue's ${input} schema is not the one ${handler.where} validates with` +
              ` (${listed ? 'listed' : 'none listed'}, ${reads.length > 0 ? 'read' : 'not read'})`,
          );
        }
      }
    }
    expect(problems).toEqual([]);
  });
});
