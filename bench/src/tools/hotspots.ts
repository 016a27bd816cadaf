/**
 * Summarizes a V8 `.cpuprofile`: where the samples landed (self time), by function and by
 * package or file. `node dist/tools/hotspots.js <file.cpuprofile> [top]`.
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

export interface Hotspot {
  name: string;
  selfMs: number;
  percent: number;
}

export interface Hotspots {
  totalMs: number;
  idlePercent: number;
  functions: Hotspot[];
  modules: Hotspot[];
  /** Parley's own functions (apps/ and packages/) by total time: themselves plus what they call synchronously. */
  appFunctions: Hotspot[];
}

/** `node_modules/.pnpm/x@1/node_modules/@scope/pkg/…` → `@scope/pkg`; app files keep their repo path. */
function moduleOf(url: string): string {
  if (!url) return '(native/V8)';
  const modules = url.lastIndexOf('/node_modules/');
  if (modules >= 0) {
    const parts = url.slice(modules + '/node_modules/'.length).split('/');
    return parts[0]!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
  }
  if (url.startsWith('node:')) return url;
  const repo = url.indexOf('/apps/') >= 0 ? url.indexOf('/apps/') : url.indexOf('/packages/');
  return repo >= 0 ? url.slice(repo + 1) : url;
}

export function hotspots(profile: Profile, top = 20): Hotspots {
  const selfMicros = new Map<number, number>();
  if (profile.samples && profile.timeDeltas) {
    profile.samples.forEach((id, index) =>
      selfMicros.set(id, (selfMicros.get(id) ?? 0) + (profile.timeDeltas![index + 1] ?? 0)),
    );
  } else {
    const total = profile.nodes.reduce((sum, node) => sum + (node.hitCount ?? 0), 0) || 1;
    for (const node of profile.nodes)
      selfMicros.set(node.id, ((node.hitCount ?? 0) / total) * (profile.endTime - profile.startTime));
  }
  const totalMicros = [...selfMicros.values()].reduce((sum, value) => sum + value, 0) || 1;
  const byFunction = new Map<string, number>();
  const byModule = new Map<string, number>();
  let idle = 0;
  for (const node of profile.nodes) {
    const micros = selfMicros.get(node.id) ?? 0;
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === '(idle)') {
      idle += micros;
      continue;
    }
    const where = url ? `${moduleOf(url)}:${lineNumber + 1}` : '';
    const name = `${functionName || '(anonymous)'}${where ? ` ${where}` : ''}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + micros);
    byModule.set(moduleOf(url), (byModule.get(moduleOf(url)) ?? 0) + micros);
  }
  const busy = totalMicros - idle || 1;

  // Total (inclusive) time of Parley's own frames, each counted once per stack even when recursive.
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const inclusive = new Map<number, number>();
  const totalOf = (id: number): number => {
    const cached = inclusive.get(id);
    if (cached !== undefined) return cached;
    const node = byId.get(id)!;
    const value =
      (selfMicros.get(id) ?? 0) + (node.children ?? []).reduce((sum, child) => sum + totalOf(child), 0);
    inclusive.set(id, value);
    return value;
  };
  const byAppFunction = new Map<string, number>();
  const isApp = (url: string) => url.includes('/apps/') || url.includes('/packages/');
  const walk = (id: number, onStack: Set<string>) => {
    const node = byId.get(id)!;
    const { functionName, url, lineNumber } = node.callFrame;
    let key: string | null = null;
    if (isApp(url) && !url.includes('/node_modules/')) {
      key = `${functionName || '(anonymous)'} ${moduleOf(url)}:${lineNumber + 1}`;
      if (onStack.has(key)) key = null;
      else byAppFunction.set(key, (byAppFunction.get(key) ?? 0) + totalOf(id));
    }
    if (key) onStack.add(key);
    for (const child of node.children ?? []) walk(child, onStack);
    if (key) onStack.delete(key);
  };
  const childIds = new Set(profile.nodes.flatMap((node) => node.children ?? []));
  for (const node of profile.nodes) if (!childIds.has(node.id)) walk(node.id, new Set());
  const list = (map: Map<string, number>) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, micros]) => ({
        name,
        selfMs: Math.round(micros / 100) / 10,
        percent: Math.round((micros / busy) * 1000) / 10,
      }));
  return {
    totalMs: Math.round(totalMicros / 1000),
    idlePercent: Math.round((idle / totalMicros) * 1000) / 10,
    functions: list(byFunction),
    modules: list(byModule),
    appFunctions: list(byAppFunction),
  };
}

export function formatHotspots(file: string, result: Hotspots): string {
  const lines = [
    `${file}: ${result.totalMs} ms sampled, ${result.idlePercent}% idle; self time as % of busy time`,
  ];
  lines.push('  by function:');
  for (const item of result.functions)
    lines.push(`    ${item.percent.toFixed(1).padStart(5)}%  ${item.name}`);
  lines.push('  by package/file:');
  for (const item of result.modules) lines.push(`    ${item.percent.toFixed(1).padStart(5)}%  ${item.name}`);
  lines.push("  Parley's own functions, total time (self + synchronous callees):");
  for (const item of result.appFunctions)
    lines.push(`    ${item.percent.toFixed(1).padStart(5)}%  ${item.name}`);
  return lines.join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [file, top] = process.argv.slice(2);
  if (!file) {
    console.error('usage: node dist/tools/hotspots.js <file.cpuprofile> [top]');
    process.exit(2);
  }
  console.log(
    formatHotspots(file, hotspots(JSON.parse(readFileSync(file, 'utf8')) as Profile, Number(top ?? 25))),
  );
}
