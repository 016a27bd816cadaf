import { Inject, Injectable } from '@nestjs/common';
import { describe, expect, it } from 'vitest';
import { unitModule } from './unit-module.js';

@Injectable()
class Greeter {
  greet(name: string): string {
    return `hello ${name}`;
  }
}

const PREFIX = Symbol('prefix');

@Injectable()
class Welcome {
  constructor(
    private readonly greeter: Greeter,
    @Inject(PREFIX) private readonly prefix: string,
  ) {}

  async say(name: string): Promise<string> {
    return `${this.prefix}${await Promise.resolve(this.greeter.greet(name))}`;
  }
}

describe(unitModule.name, () => {
  it('mocks what the test does not name and injects what it does', async () => {
    const { sut, get } = await unitModule(Welcome, [{ provide: PREFIX, useValue: '> ' }]);
    get(Greeter).greet.mockReturnValue('hi there');

    expect(await sut.say('ana')).toBe('> hi there');
    expect(get(Greeter).greet).toHaveBeenCalledWith('ana');
  });

  it('uses a real collaborator when the test provides it', async () => {
    const { sut } = await unitModule(Welcome, [Greeter, { provide: PREFIX, useValue: '' }]);

    expect(await sut.say('ana')).toBe('hello ana');
  });
});
