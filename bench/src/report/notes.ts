/** The notes printed under the table: why a measure is invalid, and whether cores were shared. */
import type { CpuUsage, Validity } from '../lib/cpu.js';
import type { Results } from './targets.js';

/** A server that waited longer than this share of the window for a CPU shared its core. */
export const CONTENDED_WAIT_PERCENT = 10;

/** One line per invalid measure, with why (printed under the table). */
export function invalidNotes(results: Results): string[] {
  const notes: string[] = [];
  let contended = 0;
  const add = (label: string, validity: Validity, cpu?: CpuUsage) => {
    if (!validity.valid) notes.push(`INVALID ${label}: ${validity.reasons.join('; ')}`);
    // A load process shares its core with its siblings, so it may wait more before that means much.
    const limit = (role: 'server' | 'load') => (role === 'server' ? 1 : 2.5) * CONTENDED_WAIT_PERCENT;
    if (cpu?.processes.some((item) => item.waitPercent > limit(item.role))) contended++;
  };
  for (const pair of [...(results.fanout ?? []), ...(results.multinode ?? [])]) {
    const label = `fan-out ${pair.nodes} node${pair.nodes > 1 ? 's' : ''}, ${pair.sockets} sockets${pair.runs > 1 ? ` run ${pair.run}` : ''}`;
    add(`${label}, Parley`, pair.parley.validity, pair.parley.cpu);
    add(`${label}, bare`, pair.bare.validity, pair.bare.cpu);
  }
  for (const wave of results.joinwave ?? []) add(`join wave ${wave.sockets}`, wave.validity, wave.cpu);
  for (const writes of results.writes ?? []) {
    for (const item of writes.cases ?? [])
      add(`writes ${writes.writers}, Parley (${item.name})`, item.measure.validity, item.measure.cpu);
    add(`writes ${writes.writers}, bare`, writes.bare.validity, writes.bare.cpu);
  }
  for (const pair of results.scoring ?? []) {
    const label = `scoring ${pair.writers}${pair.runs > 1 ? ` run ${pair.run}` : ''}`;
    add(`${label}, on`, pair.on.validity, pair.on.cpu);
    add(`${label}, off`, pair.off.validity, pair.off.cpu);
  }
  for (const reads of results.reads ?? []) {
    for (const item of reads.cases) {
      add(`reads ${reads.comments} ${item.sort}/${item.page}, Parley`, item.parley.validity, item.parley.cpu);
      add(`reads ${reads.comments} ${item.sort}/${item.page}, bare`, item.bare.validity, item.bare.cpu);
    }
  }
  for (const item of results.search?.cases ?? [])
    add(`search ${item.name}`, item.parley.validity, item.parley.cpu);
  for (const [index, round] of (results.search?.posting?.rounds ?? []).entries())
    add(
      `posting round ${index + 1} (${round.index} the text index)`,
      round.measure.validity,
      round.measure.cpu,
    );
  if (contended) {
    notes.push(
      `Note: in ${contended} case(s) a server waited for a CPU over ${CONTENDED_WAIT_PERCENT}% of the window, or a load process ` +
        `over ${2.5 * CONTENDED_WAIT_PERCENT}% (run-queue wait row): other processes (Postgres, or work outside the bench) ` +
        `shared their cores, so the latencies are inflated; on an idle machine these waits are a few percent.`,
    );
  }
  return notes;
}
