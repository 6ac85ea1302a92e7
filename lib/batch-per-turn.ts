/**
 * Calls made in the same turn of the event loop, answered together at the turn's end by one `run`:
 * under a burst, one database round trip for the requests that arrived together instead of one
 * each (each query is a socket write that wakes the database, the largest per-request cost in the
 * profile). A lone call waits only for the end of its turn. `run` gets the keys in call order and
 * returns one result per key; its failure fails every call of that batch.
 */
export function batchPerTurn<K, R>(run: (keys: K[]) => Promise<R[]>, maxBatch = 500): (key: K) => Promise<R> {
  type Call = { key: K; resolve: (result: R) => void; reject: (error: unknown) => void };
  let queue: Call[] = [];
  const flush = (batch: Call[]) => {
    Promise.resolve()
      .then(() => run(batch.map((call) => call.key)))
      .then((results) => {
        if (results.length !== batch.length) throw new Error(`a batch of ${batch.length} got ${results.length} results`);
        batch.forEach((call, index) => call.resolve(results[index] as R));
      })
      .catch((error: unknown) => batch.forEach((call) => call.reject(error)));
  };
  const flushQueue = () => {
    const batch = queue;
    queue = [];
    if (batch.length > 0) flush(batch);
  };
  return (key) =>
    new Promise<R>((resolve, reject) => {
      if (queue.length === 0) setImmediate(flushQueue);
      queue.push({ key, resolve, reject });
      if (queue.length >= maxBatch) flushQueue();
    });
}
