import { describe, expect, it } from 'vitest';
import {
  assessValidity,
  cpuDelta,
  cpuPercent,
  parseStatMicros,
  SATURATED_PERCENT,
  type ProcessCpu,
} from '../src/lib/cpu.js';
import { planPinning } from '../src/lib/pinning.js';
import { spread } from '../src/scenarios/joinwave.js';
import { joinWaveAllowance, minMedianMax } from '../src/report/targets.js';

const load = (name: string, percent: number): ProcessCpu => ({ name, role: 'load', percent, waitPercent: 0 });
const server = (percent: number): ProcessCpu => ({ name: 'server', role: 'server', percent, waitPercent: 0 });

describe('CPU accounting', () => {
  it('reads utime + stime from /proc/<pid>/stat, even with spaces and parentheses in the name', () => {
    // Fields after the name: state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime …
    const stat = '4242 (node (bench) x) S 1 4242 4242 0 -1 4194304 100 0 0 0 250 50 0 0 20 0 11 0';
    expect(parseStatMicros(stat, 100)).toBe(3_000_000);
  });

  it('gives % of one core over the window', () => {
    expect(cpuPercent(500_000, 1_000_000)).toBe(50);
    expect(cpuPercent(1_500_000, 1_000_000)).toBe(150);
    expect(cpuPercent(123_456, 1_000_000)).toBe(12.3);
    expect(cpuPercent(1, 0)).toBeNaN();
    expect(cpuPercent(NaN, 1_000_000)).toBeNaN();
  });

  it('sums backends between two snapshots, counting one that started in the window from zero', () => {
    const start = new Map([
      [1, 1_000_000],
      [2, 5_000_000],
      [3, 7_000_000], // exited in the window: its share is lost (a lower bound)
    ]);
    const end = new Map([
      [1, 1_400_000],
      [2, 5_100_000],
      [4, 200_000], // new in the window
      [5, NaN], // gone between listing and reading
    ]);
    expect(cpuDelta(start, end)).toBe(400_000 + 100_000 + 200_000);
  });
});

describe('validity rule', () => {
  it('is valid when no load process is saturated and delivery kept pace', () => {
    const result = assessValidity({
      processes: [server(99), load('clients1', 40), load('poster', 5)],
      loadCores: 1,
      lagSeconds: 0.3,
      sendSlipMs: 2,
    });
    expect(result).toEqual({ valid: true, reasons: [] });
  });

  it('ignores a saturated server: that is the figure being measured', () => {
    expect(assessValidity({ processes: [server(100), load('gen', 30)], loadCores: 1 }).valid).toBe(true);
  });

  it(`marks a load process above ${SATURATED_PERCENT}% of its core invalid`, () => {
    const result = assessValidity({ processes: [server(50), load('clients2', 86)], loadCores: null });
    expect(result.valid).toBe(false);
    expect(result.reasons).toEqual(['clients2 at 86% of a core']);
    expect(assessValidity({ processes: [load('clients2', 85)], loadCores: null }).valid).toBe(true);
  });

  it('marks load processes that together fill their pinned cores invalid', () => {
    const processes = [load('clients1', 45), load('clients2', 45), load('poster', 5)];
    const pinnedToOne = assessValidity({ processes, loadCores: 1 });
    expect(pinnedToOne.valid).toBe(false);
    expect(pinnedToOne.reasons[0]).toMatch(/together at 95% of their 1 core/);
    expect(assessValidity({ processes, loadCores: 2 }).valid).toBe(true);
    // Unpinned, only the per-process rule applies.
    expect(assessValidity({ processes, loadCores: null }).valid).toBe(true);
  });

  it('marks fan-out whose deliveries or posts fell behind the schedule invalid', () => {
    const lagging = assessValidity({ processes: [], loadCores: 1, lagSeconds: 2.5 });
    expect(lagging.valid).toBe(false);
    expect(lagging.reasons[0]).toMatch(/2.5 s after it was sent/);
    const slipping = assessValidity({ processes: [], loadCores: 1, sendSlipMs: 400 });
    expect(slipping.reasons).toEqual(['poster fell 400 ms behind its schedule']);
  });
});

describe('pinning plan', () => {
  it('puts servers on the first half of the cores and load on the rest', () => {
    expect(planPinning([0, 1], true, true)).toMatchObject({
      server: '0',
      load: '1',
      serverCores: 1,
      loadCores: 1,
    });
    expect(planPinning([0, 1, 2, 3], true, true)).toMatchObject({ server: '0,1', load: '2,3' });
  });

  it('runs unpinned, and says why, without taskset, with one core or when asked', () => {
    expect(planPinning([0, 1], false, true)).toMatchObject({
      server: null,
      note: expect.stringMatching(/taskset not found/),
    });
    expect(planPinning([0], true, true).note).toMatch(/only 1 core/);
    expect(planPinning([0, 1], true, false).note).toMatch(/--pin=off/);
  });
});

describe('spreads', () => {
  it('gives min, median and max of per-socket frame counts', () => {
    expect(spread([3, 1, 11, 2])).toEqual({ min: 1, median: 2.5, max: 11, mean: 4.3 });
    expect(spread([5])).toMatchObject({ min: 5, median: 5, max: 5 });
    expect(minMedianMax([1.2, 0.9, 1.05])).toEqual([0.9, 1.05, 1.2]);
  });

  it('allows a join wave one presence frame a second while joins last, plus the final count', () => {
    expect(joinWaveAllowance({ waveSeconds: 10, joinSeconds: 9.2 })).toBe(12);
    // Acks that trail the schedule stretch the wave, and the coalesced frames with it.
    expect(joinWaveAllowance({ waveSeconds: 10, joinSeconds: 14.1 })).toBe(17);
  });
});
