import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { terminalProgress } from './import-progress.js';

function capture(isTTY: boolean) {
  const stream = new PassThrough() as PassThrough & { isTTY: boolean; columns: number };
  stream.isTTY = isTTY;
  stream.columns = 120;
  let written = '';
  stream.on('data', (chunk: Buffer) => (written += chunk.toString()));
  return { stream: stream as unknown as NodeJS.WriteStream, written: () => written };
}

describe(terminalProgress.name, () => {
  it('writes plain lines with share, count, rate and time left when not on a terminal', () => {
    const { stream, written } = capture(false);
    const sut = terminalProgress(stream, 0);

    sut.start('reading', 1000);
    sut.update(500, 12_345);
    sut.stop();

    expect(written()).toMatch(/^reading: 50%, 12,345 posts, \d+ posts\/s, about \d+ s left\n$/);
    expect(written()).not.toContain('\u001b[');
  });

  it('draws a bar with rate and ETA on a terminal', () => {
    const { stream, written } = capture(true);
    const sut = terminalProgress(stream);

    sut.start('importing', 1000);
    sut.update(250, 10);
    sut.stop();

    expect(written()).toMatch(/importing \[.*\] \d+% \| \d+ posts \| \d+ posts\/s \| ETA /);
  });
});
