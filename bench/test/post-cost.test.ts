import { describe, expect, it } from 'vitest';
import { commandsPerPost, parseRedisInfo } from '../src/lib/post-cost.js';

const info = (set: number, publish: number, cpu: [number, number]) =>
  [
    '# CPU',
    `used_cpu_sys:${cpu[0]}`,
    `used_cpu_user:${cpu[1]}`,
    'used_cpu_sys_children:9.000000',
    '# Commandstats',
    `cmdstat_set:calls=${set},usec=10,usec_per_call=1.00,rejected_calls=0,failed_calls=0`,
    `cmdstat_publish:calls=${publish},usec=20,usec_per_call=2.00,rejected_calls=0,failed_calls=0`,
    'cmdstat_info:calls=7,usec=5,usec_per_call=0.70,rejected_calls=0,failed_calls=0',
  ].join('\r\n');

describe('post cost', () => {
  it('reads Redis CPU (its own, not its children’s) and calls by command from INFO', () => {
    const snapshot = parseRedisInfo(info(10, 20, [1.5, 2.25]));

    expect(snapshot.cpuSeconds).toBe(3.75);
    expect([...snapshot.calls]).toEqual([
      ['set', 10],
      ['publish', 20],
      ['info', 7],
    ]);
  });

  it('divides the commands of the window by the posts, largest first, leaving out INFO', () => {
    const before = parseRedisInfo(info(10, 20, [1, 1]));
    const after = parseRedisInfo(info(110, 220, [2, 2]).replace('info:calls=7', 'info:calls=9'));

    expect(commandsPerPost(before, after, 100)).toEqual({ commands: 3, byCommand: { publish: 2, set: 1 } });
  });
});
