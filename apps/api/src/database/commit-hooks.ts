import type { Executor } from './transaction-runner.js';

// Work that must wait for a transaction to commit (waking the outbox worker: before the commit it
// would not see the row). TransactionRunner runs the hooks of its transaction after it commits;
// on a rollback they are dropped with the transaction.
const hooks = new WeakMap<object, (() => void)[]>();

/** Runs `hook` once `executor`'s transaction commits; at once when `executor` is not a transaction. */
export function onCommit(executor: Executor, hook: () => void): void {
  if (!executor.isTransaction) {
    hook();
    return;
  }
  const list = hooks.get(executor);
  if (list) list.push(hook);
  else hooks.set(executor, [hook]);
}

/** Called by TransactionRunner after a commit. A hook that throws does not stop the others. */
export function runCommitHooks(transaction: object): void {
  const list = hooks.get(transaction);
  hooks.delete(transaction);
  for (const hook of list ?? []) {
    try {
      hook();
    } catch {
      // Hooks are wake-ups; a missed one is caught up by the next poll.
    }
  }
}
