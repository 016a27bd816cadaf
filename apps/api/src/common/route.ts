import {
  applyDecorators,
  HttpCode,
  Injectable,
  RequestMapping,
  RequestMethod,
  SetMetadata,
  UsePipes,
  type ArgumentMetadata,
  type PipeTransform,
} from '@nestjs/common';
import { ROUTE, type EndpointId, type RouteSpec } from '@parley/shared';
import type { z } from 'zod';
import { parseOrThrow } from './zod.js';

/** Where `@Route` keeps a handler's access level; SessionGuard enforces it. */
export const ACCESS_KEY = 'parley:access';

type Input = 'params' | 'query' | 'body';

/** How a validation error names each input (`Invalid comment address: id: …`): `query` and `request` unless said. */
export type InputNames = Partial<Record<Input, string>>;

const INPUT_OF: Partial<Record<ArgumentMetadata['type'], Input>> = {
  param: 'params',
  query: 'query',
  body: 'body',
};

/**
 * Validates each `@Param()`, `@Query()` and `@Body()` of a handler with the schema its catalogue
 * entry lists for that input; other arguments (`@CurrentUser()`, …) pass through.
 */
@Injectable()
export class RoutePipe implements PipeTransform {
  constructor(
    /** Public so that test/routes.test.ts can hold handlers against the catalogue. */
    readonly route: RouteSpec,
    private readonly names: InputNames,
  ) {}

  /** The schema that validates one input, if the catalogue lists one. */
  schemaFor(input: Input): z.ZodType | undefined {
    return this.route[input];
  }

  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    const input = INPUT_OF[metadata.type];
    if (!input) return value;
    const schema = this.schemaFor(input);
    // Programming errors, caught by test/routes.test.ts: every input a handler reads is validated whole.
    if (!schema)
      throw new Error(`${this.route.operationId} reads ${input} its catalogue entry does not list`);
    if (metadata.data)
      throw new Error(`${this.route.operationId}: @Route validates whole inputs, not one field`);
    return parseOrThrow(schema, value ?? {}, this.names[input] ?? (input === 'query' ? 'query' : 'request'));
  }
}

/**
 * Declares a controller method as the catalogue's route `id` (packages/shared/src/routes): its HTTP
 * method and path, ZodPipes for its params, query and body, its access level (SessionGuard), and
 * its status when the entry lists one success (a route that answers 200 or 201 sets it itself).
 */
export function Route(id: EndpointId, names: InputNames = {}): MethodDecorator {
  const route: RouteSpec = ROUTE[id];
  const successes = Object.keys(route.responses)
    .map(Number)
    .filter((status) => status < 300);
  return applyDecorators(
    RequestMapping({ method: RequestMethod[route.method], path: route.path }),
    SetMetadata(ACCESS_KEY, route.access),
    UsePipes(new RoutePipe(route, names)),
    ...(successes.length === 1 ? [HttpCode(successes[0]!)] : []),
  );
}
