import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/core';

declare const txBrand: unique symbol;

/**
 * A unit of work as a service holds it: something to hand to repositories and to the workflow
 * runner, never to query. Services decide and repositories ask (ADR 0009); an opaque handle makes
 * that a compile error rather than a convention, because nothing outside a repository can call
 * `find` or `persist` on it. At run time it is the transaction's EntityManager.
 */
export interface Tx {
  readonly [txBrand]: 'Tx';
}

/** Wraps an EntityManager (a transaction's, or a fork) as the handle services pass around. */
export function txOf(em: EntityManager): Tx {
  return em as unknown as Tx;
}

/**
 * The EntityManager behind a handle. Only repositories, the runner and src/database unwrap it;
 * src/architecture.spec.ts fails on any other caller.
 */
export function emOf(tx: Tx | EntityManager): EntityManager {
  return tx as unknown as EntityManager;
}

/**
 * Transactions and read contexts for services. `run` forks the request's EntityManager and
 * commits when the work resolves (rolls back when it throws); `reader` is a fork of its own for
 * several reads that belong together.
 */
@Injectable()
export class Transactions {
  constructor(private readonly em: EntityManager) {}

  run<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    return this.em.fork().transactional((em) => work(txOf(em)));
  }

  reader(): Tx {
    return txOf(this.em.fork());
  }
}
