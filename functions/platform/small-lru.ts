// What `@aws-sdk/endpoint-cache` gets in a Lambda bundle in place of `mnemonist/lru-cache` (esbuild's alias):
// the DynamoDB client builds an endpoint-discovery cache whether or not discovery is on (it is off by
// default), and mnemonist's typed-array LRU brings ~7 KB for it. This is the same LRU over a Map, with the
// part of mnemonist's API that cache calls: get (refreshes), peek (does not), set (evicts the least recent
// past capacity), has, clear.

export default class LRUCache<K, V> {
  readonly #entries = new Map<K, V>();

  constructor(readonly capacity: number) {
    if (!(capacity > 0)) throw new Error('LRUCache: capacity should be a positive number');
  }

  get size(): number {
    return this.#entries.size;
  }

  get(key: K): V | undefined {
    if (!this.#entries.has(key)) return undefined;
    const value = this.#entries.get(key) as V;
    this.#entries.delete(key);
    this.#entries.set(key, value);
    return value;
  }

  peek(key: K): V | undefined {
    return this.#entries.get(key);
  }

  has(key: K): boolean {
    return this.#entries.has(key);
  }

  set(key: K, value: V): this {
    this.#entries.delete(key);
    this.#entries.set(key, value);
    if (this.#entries.size > this.capacity) {
      const oldest = this.#entries.keys().next();
      if (oldest.done !== true) this.#entries.delete(oldest.value);
    }
    return this;
  }

  clear(): void {
    this.#entries.clear();
  }
}
