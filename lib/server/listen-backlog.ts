import { Server } from "node:net";

// Connections a burst may leave waiting for accept(). Node's default, 511, reset 8 of 2,000
// streams opened within a second on the self-hosting server, and 51 to 126 under `next start`; the
// kernel caps this at net.core.somaxconn.
export const LISTEN_BACKLOG = 4096;

/**
 * `next start` calls `server.listen(port, hostname)` and offers no backlog setting. `npm start`
 * preloads next-start-preload.ts (`node --import`), which calls this: exactly that form of call gets
 * the larger backlog; any other form of listen() is left as it was.
 */
export function raiseListenBacklog(): void {
  const listen = Server.prototype.listen;
  Server.prototype.listen = function listenWithBacklog(this: Server, ...args: unknown[]) {
    const [port, hostname] = args;
    // Next passes hostname undefined when none is given (`next start` without -H).
    if (args.length === 2 && typeof port === "number" && (typeof hostname === "string" || hostname === undefined)) {
      return Reflect.apply(listen, this, [port, hostname, LISTEN_BACKLOG]) as Server;
    }
    return Reflect.apply(listen, this, args) as Server;
  } as typeof listen;
}
