/**
 * A Map that forgets its oldest entry once it holds `maxEntries`: for results that are pure
 * functions of their key (a verified token's claims, a canonical language tag), where the keys
 * come from clients and must not grow memory without bound.
 */
export function boundedCache<K, V>(maxEntries: number) {
  const entries = new Map<K, V>();
  return {
    get: (key: K): V | undefined => entries.get(key),
    has: (key: K): boolean => entries.has(key),
    set(key: K, value: V): void {
      if (entries.size >= maxEntries && !entries.has(key)) {
        const oldest = entries.keys().next();
        if (!oldest.done) entries.delete(oldest.value);
      }
      entries.set(key, value);
    },
  };
}
