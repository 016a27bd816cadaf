/** Cell formatting shared by the results table and the target checks. */
import type { CpuUsage, Validity } from '../lib/cpu.js';
import type { DbActivity } from '../lib/database.js';
import type { TargetCheck } from './targets.js';

/** One table row: scenario, metric, Parley, baseline, Parley/base, target, result. */
export type Row = [string, string, string, string, string, string, string];

export const int = (value: number) => Math.round(value).toLocaleString('en-US');
export const num = (value: number) =>
  Number.isFinite(value) ? (value >= 100 ? int(value) : String(Math.round(value * 10) / 10)) : '–';
export const ms = (value: number) =>
  value >= 100 ? int(value) : value >= 10 ? value.toFixed(1) : value.toFixed(2);
export const ratio = (value: number) => (Number.isFinite(value) ? `${value.toFixed(2)}×` : '–');
export const percent = (value: number) => `${(Math.floor(value * 10000) / 100).toFixed(2)}%`;
export const verdict = (check: TargetCheck | undefined) =>
  check ? `${check.invalid ? 'invalid' : check.pass ? 'pass' : 'MISS'}${check.reducedSize ? '*' : ''}` : '';
export const validCell = (validity: Validity) => (validity.valid ? 'valid' : 'INVALID');

/** Mean busy backends and what they mostly waited on, e.g. `4.1 / Lock:tuple 62%`. */
export function dbCell(db: DbActivity): string {
  const [wait, share] = Object.entries(db.waits)[0] ?? ['–', 0];
  return `${num(db.activeMean)} / ${wait} ${Math.round(share * 100)}%`;
}

/** Highest run-queue wait of the servers and of the load processes, % of the window. */
export function waitCell(cpu: CpuUsage): string {
  const most = (role: 'server' | 'load') =>
    num(Math.max(...cpu.processes.filter((item) => item.role === role).map((item) => item.waitPercent)));
  return `${most('server')} / ${most('load')}`;
}

/** `server / each load process joined by + / Postgres backends`, % of one core. */
export function cpuCell(cpu: CpuUsage): string {
  const load = cpu.processes.filter((item) => item.role === 'load').map((item) => num(item.percent));
  return `${num(cpu.server)} / ${load.join('+') || '–'} / ${num(cpu.postgres)}`;
}
