import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const EVENTS_FILE = resolve(here, '../src/events.ts');
const API_DOC = resolve(here, '../../../docs/API.md');

/** The event names an interface of events.ts declares (`'comment:created': (…) => void`). */
function declaredEvents(source: string, name: 'ServerToClientEvents' | 'ClientToServerEvents'): string[] {
  const file = ts.createSourceFile(EVENTS_FILE, source, ts.ScriptTarget.Latest, true);
  const declaration = file.statements.find(
    (statement): statement is ts.InterfaceDeclaration =>
      ts.isInterfaceDeclaration(statement) && statement.name.text === name,
  );
  if (!declaration) throw new Error(`events.ts has no interface ${name}`);
  return declaration.members
    .map((member) => member.name)
    .filter((memberName): memberName is ts.StringLiteral | ts.Identifier => !!memberName)
    .map((memberName) => memberName.text)
    .sort();
}

/**
 * The events named in the first column of docs/API.md's table whose header starts with `heading`
 * (`client emits`, `server emits`); one cell may name several (`queue:added` / `queue:removed`).
 */
function documentedEvents(markdown: string, heading: string): string[] {
  const lines = markdown.split('\n');
  const start = lines.findIndex((line) => new RegExp(`^\\|\\s*${heading}\\s*\\|`).test(line));
  if (start < 0) throw new Error(`docs/API.md has no table headed "${heading}"`);
  const names: string[] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) break;
    const firstCell = line.split('|')[1] ?? '';
    names.push(...[...firstCell.matchAll(/`([\w-]+:[\w-]+)`/g)].map((match) => match[1]!));
  }
  return names.sort();
}

describe('docs/API.md socket contract', () => {
  const source = readFileSync(EVENTS_FILE, 'utf8');
  const markdown = readFileSync(API_DOC, 'utf8');

  it('lists exactly the events the server emits (ServerToClientEvents)', () => {
    expect(documentedEvents(markdown, 'server emits')).toEqual(
      declaredEvents(source, 'ServerToClientEvents'),
    );
  });

  it('lists exactly the events clients emit (ClientToServerEvents)', () => {
    expect(documentedEvents(markdown, 'client emits')).toEqual(
      declaredEvents(source, 'ClientToServerEvents'),
    );
  });

  it('reads every row of a table, a row naming several events included', () => {
    const table = ['| server emits | to |', '| --- | --- |', '| `a:b` / `c:d` | x |', '| `e:f` | y |', ''];
    expect(documentedEvents(table.join('\n'), 'server emits')).toEqual(['a:b', 'c:d', 'e:f']);
  });
});
