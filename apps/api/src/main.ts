import type { Server } from 'node:http';
import { Logger } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { createApp } from './app.js';
import { ConfigError, loadConfig, type Config } from './config/config.js';
import { readBuildInfo } from './health/build-info.js';
import { createPino, ParleyLogger } from './logging/parley-logger.js';

/** A drain that takes longer than this is given up (exit 1); keep the platform's stop timeout above it. */
const SHUTDOWN_TIMEOUT_MS = 10_000;

/**
 * The last line of defence: a rejection nobody awaited, or an exception thrown from a callback
 * (an 'error' event with no listener ends up here), is logged with its stack and the process
 * keeps serving. Every client and emitter Parley creates has an error listener, so reaching this
 * is a bug to fix; but one stray library error must not drop every socket of a node at once, and
 * the state that matters is in Postgres, not in this process.
 */
function logInsteadOfCrashing(): void {
  const logger = new Logger('Process');
  const describe = (error: unknown) =>
    error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error);
  process.on('unhandledRejection', (reason: unknown) => {
    logger.error(`unhandled promise rejection (kept running): ${describe(reason)}`);
  });
  process.on('uncaughtException', (error: Error, origin: string) => {
    logger.error(`uncaught exception from ${origin} (kept running): ${describe(error)}`);
  });
}

async function bootstrap(): Promise<void> {
  logInsteadOfCrashing();
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const logger = new ParleyLogger(createPino(config.log));
  Logger.overrideLogger(logger);
  const app = await createApp(config, { logger });
  await app.listen(config.port, config.host);
  const server = app.getHttpServer() as Server;
  stopGracefullyOnSignals(app, server);
  // The port actually bound: with PORT=0 the system picks one, and this line is how to find it.
  const address = server.address();
  const port = address && typeof address === 'object' ? address.port : config.port;
  new Logger('Parley').log(startLine(config, port));
}

/** The one line that says what started: address, version, database and Redis. */
function startLine(config: Config, port: number) {
  const shownHost = config.host === '0.0.0.0' ? 'localhost' : config.host;
  const { version, commit } = readBuildInfo(config.commit);
  const database = config.databaseUrl ? 'postgres' : 'embedded';
  const redis = config.redisUrl ? 'on' : 'off';
  return {
    msg: `listening on http://${shownHost}:${port} (Parley ${version}${commit ? ` ${commit.slice(0, 12)}` : ''}, database: ${database}, Redis: ${redis})`,
    port,
    version,
    commit,
    database,
    redis,
  };
}

/**
 * SIGTERM (or SIGINT): health answers 503 "draining" (beforeApplicationShutdown), the socket.io
 * server closes its connections without telling clients to stay away, so they reconnect to another
 * node, the listener closes, requests in flight finish, then Redis and the database pool close and
 * the process exits 0. A second signal, or a drain past SHUTDOWN_TIMEOUT_MS, exits 1 at once.
 */
function stopGracefullyOnSignals(app: NestExpressApplication, server: Server): void {
  const logger = new Logger('Shutdown');
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn(`${signal} again: exiting without finishing the drain`);
      process.exit(1);
    }
    stopping = true;
    const started = Date.now();
    logger.log(`${signal}: draining`);
    // Connections left idle by a request that was in flight at close: Node closes only those idle at
    // close() itself, and would otherwise keep the rest until their keep-alive timeout.
    setInterval(() => {
      if (!server.listening) server.closeIdleConnections();
    }, 100).unref();
    setTimeout(() => {
      logger.error(`still draining ${SHUTDOWN_TIMEOUT_MS} ms after ${signal}: exiting anyway`);
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS).unref();
    app.close().then(
      () => {
        logger.log(`stopped ${Date.now() - started} ms after ${signal}`);
        process.exit(0);
      },
      (error: unknown) => {
        logger.error(
          `shutdown failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
        );
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

bootstrap().catch((error: unknown) => {
  console.error('Parley failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
