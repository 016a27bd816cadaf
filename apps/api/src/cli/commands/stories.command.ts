import { readFile } from 'node:fs/promises';
import { Command } from 'commander';
import { RemapRules, RemapRulesError } from '../../stories/story-remap-rules.js';
import { remapStories, type RemapReport } from '../../stories/story-remap.js';
import { CliError, oneLine } from '../cli-error.js';
import { describeDatabase, loadCliConfig, openMigratedDatabase } from '../database.js';
import { refreshThreadCaches } from '../thread-caches.js';

/** `parley stories remap <rules>`: stories follow a site whose URLs changed. */
export function storiesCommand(): Command {
  const command = new Command('stories').description('operate on stories (see README, "Moving in")');
  command.addCommand(
    new Command('remap')
      .description('move stories to new URLs: lines of `old-url new-url` or `old-prefix* new-prefix*`')
      .argument('<rules-file>', 'one rule a line; blank lines and lines starting with # are ignored')
      .option('--dry-run', 'print what would move, writing nothing')
      .action(async (file: string, options: { dryRun?: boolean }) => {
        // The rules first: a bad file changes nothing, and needs no database to say so.
        const rules = await readRules(file);
        const config = loadCliConfig();
        const name = describeDatabase(config);
        const database = await openMigratedDatabase(config);
        try {
          const report = await remapStories(database.db, rules, { dryRun: options.dryRun ?? false }).catch(
            (error: unknown) => {
              throw new CliError(
                `${name}: the remap stopped: ${oneLine(error)} (pages before it were committed; running it again continues)`,
              );
            },
          );
          print(`${name}:`);
          for (const line of reportLines(report)) print(line);
          if (report.movedStoryIds.length > 0)
            print(await refreshThreadCaches(config, report.movedStoryIds, 'the new URLs'));
        } finally {
          await database.close();
        }
      })
      .exitOverride(),
  );
  return command;
}

async function readRules(file: string): Promise<RemapRules> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new CliError(`cannot read ${file}: ${oneLine(error)}`);
  }
  try {
    const rules = RemapRules.parse(text);
    if (rules.size === 0) throw new RemapRulesError('no rules in it');
    return rules;
  } catch (error) {
    if (error instanceof RemapRulesError) throw new CliError(`${file}: ${error.message}`);
    throw error;
  }
}

function reportLines(report: RemapReport): string[] {
  const lines = [
    ...(report.dryRun ? ['dry run: nothing was written'] : []),
    `stories: ${report.moved} moved, ${report.unchanged} unchanged, ${report.conflicts} conflicts`,
  ];
  for (const conflict of report.namedConflicts) {
    lines.push(`  ${conflict.slug} (${conflict.url} → ${conflict.target ?? '?'}): ${conflict.why}`);
  }
  const unnamed = report.conflicts - report.namedConflicts.length;
  if (unnamed > 0) lines.push(`  and ${unnamed} more`);
  return lines;
}

function print(line: string): void {
  process.stdout.write(`${line}\n`);
}
