import { expect } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/config.js';

/** Runs the sut and returns the ConfigError it threw; fails the test if it threw anything else or nothing. */
export function configError(env: NodeJS.ProcessEnv): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  expect.fail(`loadConfig accepted ${JSON.stringify(env)}`);
}

/** The message is one line and starts by naming the variable. */
export function expectOneLineNaming(error: ConfigError, variable: string): void {
  expect(error.message).not.toMatch(/[\r\n]/);
  expect(error.message).toMatch(new RegExp(`^Invalid configuration: ${variable} `));
}
