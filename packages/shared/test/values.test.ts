import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const src = resolve(dirname(fileURLToPath(import.meta.url)), '../src');

/** The specifiers a module loads at run time: type-only imports and exports vanish when compiled. */
function runtimeSpecifiers(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && !node.importClause?.isTypeOnly) {
      const named = node.importClause?.namedBindings;
      const onlyTypes =
        !node.importClause?.name &&
        named !== undefined &&
        ts.isNamedImports(named) &&
        named.elements.length > 0 &&
        named.elements.every((element) => element.isTypeOnly);
      if (!onlyTypes && ts.isStringLiteral(node.moduleSpecifier)) found.push(node.moduleSpecifier.text);
    } else if (ts.isExportDeclaration(node) && !node.isTypeOnly && node.moduleSpecifier) {
      if (ts.isStringLiteral(node.moduleSpecifier)) found.push(node.moduleSpecifier.text);
    } else if (
      ts.isCallExpression(node) &&
      (node.expression.kind === ts.SyntaxKind.ImportKeyword ||
        (ts.isIdentifier(node.expression) && node.expression.text === 'require'))
    ) {
      const [argument] = node.arguments;
      if (argument && ts.isStringLiteralLike(argument)) found.push(argument.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

const packageName = (specifier: string): string =>
  specifier
    .split('/')
    .slice(0, specifier.startsWith('@') ? 2 : 1)
    .join('/');

/** The package.json of an installed package, found from the file it resolves to. */
function packageJsonOf(name: string, from: string): { path: string; json: Record<string, any> } {
  let dir = dirname(createRequire(from).resolve(name));
  for (;;) {
    const path = join(dir, 'package.json');
    if (existsSync(path)) {
      const json = JSON.parse(readFileSync(path, 'utf8')) as Record<string, any>;
      if (json.name === name) return { path, json };
    }
    const up = dirname(dir);
    if (up === dir) throw new Error(`no package.json for ${name} from ${from}`);
    dir = up;
  }
}

/**
 * Every path by which `entry` reaches zod at run time, as chains of modules, and the modules
 * walked. Our own files are followed module by module (sources here, the built files of other
 * workspace packages); a third-party package counts as reaching zod if zod is among its
 * dependencies, at any depth.
 */
function zodChains(entry: string): { chains: string[][]; walked: Set<string> } {
  const chains: string[][] = [];
  const seen = new Set<string>();
  const walk = (file: string, chain: string[]): void => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const specifier of runtimeSpecifiers(file)) {
      if (specifier.startsWith('.')) {
        const target = resolve(dirname(file), specifier);
        const source = target.replace(/\.js$/, '.ts');
        walk(file.endsWith('.ts') && existsSync(source) ? source : target, [...chain, specifier]);
      } else if (packageName(specifier) === 'zod') {
        chains.push([...chain, specifier]);
      } else if (specifier.startsWith('@parley/')) {
        walk(createRequire(file).resolve(specifier), [...chain, specifier]);
      } else if (!specifier.startsWith('node:')) {
        const via = dependsOnZod(packageName(specifier), file, new Set());
        if (via) chains.push([...chain, ...via]);
      }
    }
  };
  walk(entry, [entry.slice(src.length + 1)]);
  return { chains, walked: seen };
}

function dependsOnZod(name: string, from: string, seen: Set<string>): string[] | null {
  if (name === 'zod') return [name];
  if (seen.has(name)) return null;
  seen.add(name);
  const { path, json } = packageJsonOf(name, from);
  for (const dependency of Object.keys({ ...json.dependencies, ...json.peerDependencies })) {
    const via = dependsOnZod(dependency, path, seen);
    if (via) return [name, ...via];
  }
  return null;
}

describe('@parley/shared/values', () => {
  it('reaches no zod at run time', () => {
    const { chains, walked } = zodChains(join(src, 'values.ts'));
    expect(chains).toEqual([]);
    // The walk did follow its imports, here and into @parley/db.
    expect([...walked]).toEqual(
      expect.arrayContaining([
        join(src, 'constants.ts'),
        join(src, 'errors.ts'),
        join(src, 'text/format.ts'),
        expect.stringMatching(/packages\/db\/dist\/schema\.js$/),
      ]),
    );
  });

  it('finds zod where it is: the main entry reaches it through the schemas', () => {
    const { chains } = zodChains(join(src, 'index.ts'));
    expect(chains).toContainEqual(['index.ts', './events.js', 'zod']);
    expect(chains).toContainEqual(['index.ts', './schemas/users.js', 'zod']);
  });

  it('is the entry the package exports as ./values', () => {
    const manifest = JSON.parse(readFileSync(join(src, '../package.json'), 'utf8')) as {
      exports: Record<string, { types: string; default: string }>;
    };
    expect(manifest.exports['./values']).toEqual({
      types: './dist/values.d.ts',
      default: './dist/values.js',
    });
  });
});
