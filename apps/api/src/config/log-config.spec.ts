import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

function errorOf(env: NodeJS.ProcessEnv): string {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message;
  }
  return expect.fail(`loadConfig accepted ${JSON.stringify(env)}`);
}

describe('PARLEY_LOG_FORMAT and PARLEY_LOG_LEVEL', () => {
  it('default to JSON lines at info; an empty value counts as unset', () => {
    expect(loadConfig({}).log).toEqual({ format: 'json', level: 'info' });
    expect(loadConfig({ PARLEY_LOG_FORMAT: '', PARLEY_LOG_LEVEL: '' }).log).toEqual({
      format: 'json',
      level: 'info',
    });
  });

  it('take pretty and every pino level', () => {
    expect(loadConfig({ PARLEY_LOG_FORMAT: 'pretty', PARLEY_LOG_LEVEL: 'debug' }).log).toEqual({
      format: 'pretty',
      level: 'debug',
    });
    for (const level of ['trace', 'warn', 'error', 'fatal', 'silent'])
      expect(loadConfig({ PARLEY_LOG_LEVEL: level }).log.level).toBe(level);
  });

  it.each([
    [
      'PARLEY_LOG_FORMAT',
      'text',
      /^Invalid configuration: PARLEY_LOG_FORMAT must be json or pretty \(got "text"\)$/,
    ],
    [
      'PARLEY_LOG_LEVEL',
      'verbose',
      /^Invalid configuration: PARLEY_LOG_LEVEL must be one of trace, debug, info, warn, error, fatal, silent \(got "verbose"\)$/,
    ],
  ])('refuses %s=%s in one line saying what it takes', (variable, value, message) => {
    expect(errorOf({ [variable]: value })).toMatch(message);
  });
});
