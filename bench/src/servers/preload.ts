/**
 * Loaded with `node --import` into every server the bench starts (Parley and the baselines),
 * without touching their code:
 * - the server exits when the harness goes away (its IPC channel closes), so a killed harness
 *   leaves no server behind;
 * - on `{type: 'profile:start'}` / `{type: 'profile:stop', path}` it records a V8 CPU profile of
 *   just the measured window and writes it as a `.cpuprofile` (Chrome DevTools / speedscope).
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';

let session: Session | null = null;

function post<T>(method: string, params?: object): Promise<T> {
  return new Promise((resolve, reject) =>
    session!.post(method, params ?? {}, (error, result) => (error ? reject(error) : resolve(result as T))),
  );
}

async function handle(message: { type?: string; path?: string }): Promise<void> {
  if (message.type === 'profile:start') {
    session = new Session();
    session.connect();
    await post('Profiler.enable');
    await post('Profiler.setSamplingInterval', { interval: 200 });
    await post('Profiler.start');
    process.send?.({ type: 'profile:started' });
  } else if (message.type === 'profile:stop' && session && message.path) {
    const { profile } = await post<{ profile: unknown }>('Profiler.stop');
    writeFileSync(message.path, JSON.stringify(profile));
    session.disconnect();
    session = null;
    process.send?.({ type: 'profile:written', path: message.path });
  }
}

if (process.send) {
  process.on('message', (message) => {
    handle(message as { type?: string; path?: string }).catch((error: unknown) =>
      process.send?.({ type: 'error', message: `profile: ${String(error)}` }),
    );
  });
  process.on('disconnect', () => process.kill(process.pid, 'SIGTERM'));
  // The IPC channel must not keep a server alive by itself, nor hold up its shutdown.
  process.channel?.unref();
}
