import {
  ReferenceKind,
  type EntityMetadata,
  type EntityProperty,
  type MikroORM,
} from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { createTestOrm } from '../../test/support/test-database';
import { ENTITIES } from './entities';

/** Milliseconds included: a datetime must survive the round trip to the last digit it keeps. */
const STORED_AT = new Date('2026-11-05T02:03:04.567Z');

const APPEND_ONLY = new Set(['AuditEvent', 'SecurityEvent']);

const isOwnedRelation = (p: EntityProperty) =>
  p.kind === ReferenceKind.MANY_TO_ONE || (p.kind === ReferenceKind.ONE_TO_ONE && p.owner);

/**
 * Loading an entity must not make it dirty. On SQLite a datetime declared as the string type
 * 'datetime' was hydrated as a Date but snapshotted as a number, so every loaded row with a date
 * looked changed and the next flush in the same transaction rewrote its dates (stale values
 * included). Every entity is covered, with one row of each, so a new one declared that way fails.
 */
describe('loaded entities are not dirty', () => {
  let orm: MikroORM;
  let close: () => Promise<void>;
  const statements: string[] = [];
  /** The primary key of the one row made for each entity. */
  const rows = new Map<string, Record<string, unknown>>();

  beforeAll(async () => {
    ({ orm, close } = await createTestOrm());
    orm.config.getLogger().logQuery = (context) => {
      statements.push(context.query ?? '');
    };
    const em = orm.em.fork();
    await em.transactional(async (tx) => {
      for (const meta of parentsFirst(orm)) {
        const data = rowFor(meta, rows);
        const id = await tx.insert(meta.class, data);
        rows.set(
          meta.className,
          Object.fromEntries(meta.primaryKeys.map((pk) => [pk, data[pk] ?? id])),
        );
      }
    });
  });
  afterAll(() => close());

  const updates = () => statements.filter((s) => /^\s*update\b/i.test(s));

  it.each(ENTITIES.map((e) => e.name))(
    '%s: load, flush, no UPDATE; a changed date is still saved',
    async (name) => {
      const meta = orm.getMetadata().get(name);
      const relations = meta.props.filter(isOwnedRelation).map((p) => p.name);
      const where = rows.get(name) as never;
      // audit_event and security_event reject every UPDATE (a trigger): only a clean load is checked.
      const date = APPEND_ONLY.has(name)
        ? undefined
        : meta.props.find((p) => p.kind === ReferenceKind.SCALAR && p.runtimeType === 'Date');
      const changed = new Date(STORED_AT.getTime() + 1000);
      await orm.em.fork().transactional(async (tx) => {
        // Joined relations too: their rows are hydrated by another path than the root's.
        const entity = await tx.findOneOrFail(meta.class, where, { populate: relations as never });
        const uow = tx.getUnitOfWork();
        uow.computeChangeSets();
        expect(uow.getChangeSets().map((c) => [c.name, c.payload])).toEqual([]);
        statements.length = 0;
        await tx.flush();
        expect(updates()).toEqual([]);
        if (!date) return;
        (entity as Record<string, unknown>)[date.name] = changed;
        await tx.flush();
        expect(updates()).toHaveLength(1);
      });
      if (!date) return;
      const reloaded = await orm.em.fork().findOneOrFail(meta.class, where);
      expect(((reloaded as Record<string, unknown>)[date.name] as Date).toISOString()).toBe(
        changed.toISOString(),
      );
    },
  );
});

/** Entities in an order where every row's required parents already exist. */
function parentsFirst(orm: MikroORM): EntityMetadata[] {
  const all = ENTITIES.map((e) => orm.getMetadata().get(e.name));
  const done = new Set<string>();
  const ordered: EntityMetadata[] = [];
  while (ordered.length < all.length) {
    const ready = all.filter(
      (meta) =>
        !done.has(meta.className) &&
        meta.props
          .filter(isOwnedRelation)
          .every((p) => p.type === meta.className || done.has(p.type)),
    );
    if (ready.length === 0) throw new Error('entity relations form a cycle');
    for (const meta of ready) {
      done.add(meta.className);
      ordered.push(meta);
    }
  }
  return ordered;
}

let serial = 0;

/** One row with every column filled (nullable ones too, so their mapping is exercised). */
function rowFor(
  meta: EntityMetadata,
  rows: ReadonlyMap<string, Record<string, unknown>>,
): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const prop of meta.props) {
    if (prop.persist === false || prop.autoincrement) continue;
    if (isOwnedRelation(prop)) {
      // A self-reference (reportsThrough, correctsEdition) is optional; leave it empty.
      data[prop.name] =
        prop.type === meta.className ? null : Object.values(rows.get(prop.type) ?? {})[0];
      continue;
    }
    if (prop.kind !== ReferenceKind.SCALAR) continue;
    data[prop.name] = valueFor(prop);
  }
  return data;
}

function valueFor(prop: EntityProperty): unknown {
  if (prop.items?.length) return prop.items[0];
  if (prop.type === 'uuid') return randomUUID();
  // A calendar day kept as text in the entity (a visit date, an evaluation's date).
  if (prop.columnTypes?.[0] === 'date') return '2026-11-05';
  switch (prop.runtimeType) {
    case 'Date':
      return STORED_AT;
    case 'number':
      return 1;
    case 'boolean':
      return true;
    case 'Buffer':
      return Buffer.from('x');
    case 'string':
      // Unique per row, short enough for the narrowest column (an ISSN is 9 characters).
      return `v${++serial}`.slice(0, prop.length ?? 64);
    default:
      return prop.runtimeType === 'array' ? [] : { v: 1 };
  }
}
