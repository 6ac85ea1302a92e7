// The embedded database in a worker thread (started by embedded-thread.ts): PGlite answers the
// PostgreSQL wire protocol on a Unix socket (pglite-socket), so its synchronous WebAssembly runs
// off the app's event loop, and the app reaches it with the same `pg` driver as a PostgreSQL server.
import { parentPort, workerData } from "node:worker_threads";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";

export type EmbeddedWorkerData = { dataDir: string; socketPath: string; maxConnections: number };
export type EmbeddedWorkerMessage = { type: "ready" } | { type: "failed"; message: string } | { type: "closed" };

const port = parentPort;
if (!port) throw new Error("embedded-worker.ts runs only as a worker thread");
const { dataDir, socketPath, maxConnections } = workerData as EmbeddedWorkerData;
const send = (message: EmbeddedWorkerMessage) => port.postMessage(message);

try {
  const db = await PGlite.create(dataDir);
  // SQL errors come back to the client as protocol messages; a throw here means PGlite itself
  // failed, and pglite-socket would leave its query queue stuck. End the thread instead: the app
  // sees it go, its queries fail, and it opens the database again.
  const execute = db.execProtocolRawStream.bind(db);
  db.execProtocolRawStream = async (...args) => {
    try {
      return await execute(...args);
    } catch (error) {
      send({ type: "failed", message: error instanceof Error ? error.message : String(error) });
      process.exit(1);
    }
  };
  const server = new PGLiteSocketServer({ db, path: socketPath, maxConnections });
  await server.start();
  port.on("message", async (message: unknown) => {
    if (message !== "close") return;
    await server.stop();
    await db.close();
    send({ type: "closed" });
  });
  send({ type: "ready" });
} catch (error) {
  send({ type: "failed", message: error instanceof Error ? error.message : String(error) });
}
