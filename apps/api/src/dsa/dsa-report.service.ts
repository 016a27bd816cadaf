import { Injectable } from '@nestjs/common';
import {
  DSA_ACTIONS,
  DSA_APPEAL_OUTCOMES,
  DSA_APPELLANTS,
  DSA_CATEGORIES,
  type DsaReport,
  type DsaReportQuery,
} from '@parley/shared';
import { DsaRepository } from './dsa.repository.js';

function zeroes<K extends string>(keys: readonly K[]): Record<K, number> {
  return Object.fromEntries(keys.map((key) => [key, 0])) as Record<K, number>;
}

function countBy<K extends string>(keys: readonly K[], values: (K | null)[]): Record<K, number> {
  const counts = zeroes(keys);
  for (const value of values) if (value !== null) counts[value] += 1;
  return counts;
}

/** The median of some durations, in whole seconds; null for none. */
export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const value = sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return Math.round(value);
}

/**
 * The transparency figures for a period: notices counted by when they came in, decisions and
 * appeal outcomes by when they were decided (so a period's figures never change once it is over).
 */
@Injectable()
export class DsaReportService {
  constructor(private readonly dsa: DsaRepository) {}

  async report(query: DsaReportQuery): Promise<DsaReport> {
    const from = new Date(query.from);
    const to = new Date(query.to);
    const [received, decided, appealsIn, appealsDecided] = await Promise.all([
      this.dsa.noticesReceived(from, to),
      this.dsa.noticesDecided(from, to),
      this.dsa.appealsReceived(from, to),
      this.dsa.appealsDecided(from, to),
    ]);
    return {
      from: from.toISOString(),
      to: to.toISOString(),
      notices: {
        received: received.length,
        byCategory: countBy(
          DSA_CATEGORIES,
          received.map((row) => row.category),
        ),
        open: received.filter((row) => row.status !== 'decided').length,
      },
      decisions: {
        total: decided.length,
        byAction: countBy(
          DSA_ACTIONS,
          decided.map((row) => row.action),
        ),
        medianSecondsToDecision: median(decided.map((row) => Number(row.seconds))),
        automated: decided.filter((row) => row.automated).length,
      },
      appeals: {
        received: appealsIn.length,
        byAppellant: countBy(
          DSA_APPELLANTS,
          appealsIn.map((row) => row.appellant),
        ),
        decided: appealsDecided.length,
        byOutcome: countBy(
          DSA_APPEAL_OUTCOMES,
          appealsDecided.map((row) => row.outcome),
        ),
        medianSecondsToDecision: median(appealsDecided.map((row) => Number(row.seconds))),
      },
    };
  }
}

/** A CSV field (RFC 4180): quoted when it holds a comma, quote or line break. */
function field(value: string | number | null): string {
  const text = value === null ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The report as `section,key,value` rows: one figure a line, easy to paste into a spreadsheet. */
export function reportCsv(report: DsaReport): string {
  const rows: [string, string, string | number | null][] = [
    ['period', 'from', report.from],
    ['period', 'to', report.to],
    ['notices', 'received', report.notices.received],
    ['notices', 'open', report.notices.open],
    ...Object.entries(report.notices.byCategory).map(
      ([key, value]) => ['notices_by_category', key, value] as [string, string, number],
    ),
    ['decisions', 'total', report.decisions.total],
    ['decisions', 'median_seconds_to_decision', report.decisions.medianSecondsToDecision],
    ['decisions', 'automated', report.decisions.automated],
    ...Object.entries(report.decisions.byAction).map(
      ([key, value]) => ['decisions_by_action', key, value] as [string, string, number],
    ),
    ['appeals', 'received', report.appeals.received],
    ['appeals', 'decided', report.appeals.decided],
    ['appeals', 'median_seconds_to_decision', report.appeals.medianSecondsToDecision],
    ...Object.entries(report.appeals.byAppellant).map(
      ([key, value]) => ['appeals_by_appellant', key, value] as [string, string, number],
    ),
    ...Object.entries(report.appeals.byOutcome).map(
      ([key, value]) => ['appeals_by_outcome', key, value] as [string, string, number],
    ),
  ];
  return ['section,key,value', ...rows.map((row) => row.map(field).join(','))].join('\r\n') + '\r\n';
}
