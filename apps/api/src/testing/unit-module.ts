import { createMock, type DeepMocked } from '@golevelup/ts-vitest';
import type { InjectionToken, Provider, Type } from '@nestjs/common';
import { Test } from '@nestjs/testing';

export type { DeepMocked } from '@golevelup/ts-vitest';

export interface UnitModule<T> {
  /** The object under test, built by Nest's injector as the app builds it. */
  sut: T;
  /** What `sut` received for a token: a deep mock, or the provider the test named. */
  get<U>(token: Type<U> | InjectionToken): DeepMocked<U>;
}

/**
 * A unit spec's test module: `Sut` gets each constructor dependency from `providers` when the test
 * names it (a config, a real pure collaborator), and a deep mock of it otherwise (Nest's
 * `useMocker`), so a spec states only the collaborators it is about, not a positional list.
 */
export async function unitModule<T>(sut: Type<T>, providers: Provider[] = []): Promise<UnitModule<T>> {
  const module = await Test.createTestingModule({ providers: [sut, ...providers] })
    .useMocker((token) => createMock({}, { name: describeToken(token) }))
    .compile();
  return {
    sut: module.get(sut),
    get: <U>(token: Type<U> | InjectionToken) => module.get<unknown, DeepMocked<U>>(token),
  };
}

function describeToken(token: InjectionToken | undefined): string {
  if (typeof token === 'function') return token.name;
  return String(token);
}
