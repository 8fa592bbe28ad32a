/**
 * A string cache shared by the pool's workers. The entries live in one
 * `shared` cell holding an immutable Map (copy on write), so the race detector
 * sees every read and every write of it.
 *
 * - `LockedCache`: every access under the mutex. Correct.
 * - `FastPathCache`: the same, plus an "optimization": a hit is served without
 *   taking the lock. Reading while another worker writes is a data race (Go's
 *   `concurrent map read and map write`); only the race detector sees it.
 */
import { Mutex, shared } from '@interleave/core';

/** What the pool needs from a cache. */
export interface Cache {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string): Promise<void>;
}

/** Every read and write under one mutex. */
export class LockedCache implements Cache {
  protected readonly mu = new Mutex();
  protected readonly entries = shared(new Map<string, string>(), 'cache.entries');

  async get(key: string): Promise<string | undefined> {
    await this.mu.lock();
    try {
      return this.entries.value.get(key);
    } finally {
      this.mu.unlock();
    }
  }

  async set(key: string, value: string): Promise<void> {
    await this.mu.lock();
    try {
      this.entries.value = new Map(this.entries.value).set(key, value);
    } finally {
      this.mu.unlock();
    }
  }
}

/** BROKEN on purpose: hits skip the lock, so a read can race with a `set`. */
export class FastPathCache extends LockedCache {
  override async get(key: string): Promise<string | undefined> {
    const hit = this.entries.value.get(key); // no lock: DATA RACE with set()
    if (hit !== undefined) return hit;
    return super.get(key);
  }
}
