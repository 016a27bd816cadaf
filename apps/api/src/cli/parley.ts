#!/usr/bin/env node
// `pnpm parley <command>`: operator commands against the database the server uses. One file per
// command in commands/, each returning a commander Command; add it to COMMANDS below.
import { Command, CommanderError } from 'commander';
import { CliError, oneLine } from './cli-error.js';
import { exportCommand } from './commands/export.command.js';
import { importCommand } from './commands/import.command.js';
import { migrateCommand } from './commands/migrate.command.js';
import { storiesCommand } from './commands/stories.command.js';

const COMMANDS: readonly (() => Command)[] = [migrateCommand, importCommand, exportCommand, storiesCommand];

const program = new Command('parley')
  .description(
    'Parley operator commands (the same configuration as the server: DATABASE_URL, PARLEY_DATA_DIR, …)',
  )
  .showHelpAfterError()
  .exitOverride();
for (const command of COMMANDS) program.addCommand(command().exitOverride());

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    // Commander printed its own message (or the help / version asked for).
    process.exitCode = error.exitCode;
  } else {
    process.stderr.write(`parley: ${error instanceof CliError ? error.message : oneLine(error)}\n`);
    process.exitCode = 1;
  }
}
