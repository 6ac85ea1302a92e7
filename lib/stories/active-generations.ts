/** Running generations of this process, so a SIGTERM can wait for them and then end them. */
type Registry = { generations: Set<AbortController>; shuttingDown: boolean };

declare global {
  // Shared by the route bundles and instrumentation, which Next loads as separate modules.
  var storystreamGenerations: Registry | undefined;
}

function registry(): Registry {
  globalThis.storystreamGenerations ??= { generations: new Set(), shuttingDown: false };
  return globalThis.storystreamGenerations;
}

export class ServerShuttingDown extends Error {
  constructor() {
    super("the server is restarting; please try again in a moment");
    this.name = "ServerShuttingDown";
  }
}

export function isShuttingDown(): boolean {
  return registry().shuttingDown;
}

/** Generations of this process from their first step to their last byte. */
export function inFlightGenerations(): number {
  return registry().generations.size;
}

/** Registers a generation from its first step; its controller is aborted if shutdown outlasts it. */
export function trackGeneration(): { upstream: AbortController; untrack: () => void } {
  const { generations } = registry();
  const upstream = new AbortController();
  generations.add(upstream);
  return { upstream, untrack: () => generations.delete(upstream) };
}

/** Refuses new generations, waits up to `graceMs` for running ones, then aborts the rest. */
export async function drainGenerations(graceMs: number): Promise<{ finished: number; aborted: number }> {
  const state = registry();
  state.shuttingDown = true;
  const running = state.generations.size;
  const deadline = Date.now() + graceMs;
  while (state.generations.size > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  const aborted = state.generations.size;
  for (const upstream of state.generations) upstream.abort(new ServerShuttingDown());
  return { finished: running - aborted, aborted };
}
