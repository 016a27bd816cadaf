import type { z } from 'zod';
import type { EndpointId } from './endpoints.js';
import type { ROUTE } from './index.js';

type Entry<K extends EndpointId> = (typeof ROUTE)[K];
type Input = 'params' | 'query' | 'body';

/** One input of a request, typed as its schema accepts it; absent when the entry lists none. */
type InputOf<E, I extends Input> = E extends { [Q in I]: infer S extends z.ZodType }
  ? { [Q in I]: z.input<S> }
  : { [Q in I]?: never };

/** A query's optional fields may also be null: the client leaves out null as it leaves out undefined. */
type Nullable<Q> = { [F in keyof Q]: undefined extends Q[F] ? Q[F] | null : Q[F] };
type QueryOf<E> = E extends { query: infer S extends z.ZodType }
  ? { query: Nullable<z.input<S>> }
  : { query?: never };

/** What a client sends to an endpoint: `{ params, query, body }` as its catalogue entry validates them. */
export type EndpointRequest<K extends EndpointId> = K extends EndpointId
  ? InputOf<Entry<K>, 'params'> & QueryOf<Entry<K>> & InputOf<Entry<K>, 'body'>
  : never;

type BodyOf<R> = R extends { body: infer S extends z.ZodType } ? z.output<S> : void;

/** What an endpoint answers on success (its 200, else its 201; `void` for 204). */
export type EndpointResponse<K extends EndpointId> = K extends EndpointId
  ? Entry<K>['responses'] extends { 200: infer R }
    ? BodyOf<R>
    : Entry<K>['responses'] extends { 201: infer R }
      ? BodyOf<R>
      : void
  : never;
