/**
 * Marks a repository method whose SQL is written out, per database, by the SQL snapshot test
 * (src/database/sql-snapshots.db-spec.ts, `npm run sql:generate`): each example is one call with
 * fixed arguments, and everything the call sends to the database lands in the snapshot, so a
 * reviewer sees what a change does to the statements (after immich's @GenerateSql).
 */
export interface SqlExample {
  /** Tells two examples of one method apart in the snapshot (a grouping, a filter). */
  name?: string;
  /** The method's arguments; fixed values, so the snapshot is the same on every run. */
  params: readonly unknown[];
}

export interface SqlExampleOf extends SqlExample {
  method: string;
}

const EXAMPLES = new WeakMap<object, SqlExampleOf[]>();

/** One example per call to snapshot; with none, the method is called without arguments. */
export function GenerateSql(...examples: SqlExample[]): MethodDecorator {
  return (target, key) => {
    const list = EXAMPLES.get(target) ?? [];
    for (const example of examples.length ? examples : [{ params: [] }]) {
      list.push({ ...example, method: String(key) });
    }
    EXAMPLES.set(target, list);
  };
}

/** The examples declared on a repository class's methods, in declaration order. */
export function sqlExamplesOf(
  repository: abstract new (...args: never[]) => unknown,
): SqlExampleOf[] {
  return EXAMPLES.get(repository.prototype as object) ?? [];
}
