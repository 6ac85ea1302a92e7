/** This process's running generations per account, so deleting an account can end them at once. */
declare global {
  // Shared by every route bundle, which Next loads as separate modules.
  var storystreamAccountStreams: Map<string, Set<AbortController>> | undefined;
}

function registry(): Map<string, Set<AbortController>> {
  globalThis.storystreamAccountStreams ??= new Map();
  return globalThis.storystreamAccountStreams;
}

export class AccountDeletedError extends Error {
  constructor() {
    super("the account was deleted, so the story was not saved");
    this.name = "AccountDeletedError";
  }
}

/** Registers a generation's controller under its account; call the returned function when it ends. */
export function trackAccountStream(userId: string, upstream: AbortController): () => void {
  const streams = registry();
  const mine = streams.get(userId) ?? new Set<AbortController>();
  mine.add(upstream);
  streams.set(userId, mine);
  return () => {
    mine.delete(upstream);
    if (mine.size === 0 && streams.get(userId) === mine) streams.delete(userId);
  };
}

/** Ends every running generation of the account in this process; each sends an `error` event and saves nothing. */
export function endAccountStreams(userId: string): number {
  const mine = registry().get(userId);
  if (!mine) return 0;
  for (const upstream of mine) upstream.abort(new AccountDeletedError());
  return mine.size;
}
