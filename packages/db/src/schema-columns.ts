import type { ColumnType } from 'kysely';

/** Column shapes shared by the table types. */

export type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
export type NullableTimestamp = ColumnType<
  Date | null,
  Date | string | null | undefined,
  Date | string | null
>;
/** Counters are maintained by triggers; application code reads them and never writes them. */
export type Counter = ColumnType<number, never, never>;
