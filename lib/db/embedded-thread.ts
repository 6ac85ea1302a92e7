import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Worker } from "node:worker_threads";
import type { EmbeddedWorkerData, EmbeddedWorkerMessage } from "./embedded-worker.ts";

/** The embedded database running in a worker thread, reachable with `pg` at `socketDir`. */
export type EmbeddedThread = { socketDir: string; close(): Promise<void> };

// Resolved from the working directory, not this module: in the built app this module is part of a
// bundle, while the worker runs as its own file (Node strips its types).
const WORKER_FILE = path.join(process.cwd(), "lib", "db", "embedded-worker.ts");

/**
 * Starts PGlite on `dataDir` in a worker thread that serves the PostgreSQL protocol on a Unix
 * socket, and waits until it accepts connections. `onLost` runs if the thread ends without
 * `close()` (PGlite failed): the caller opens the database again.
 */
export async function startEmbeddedThread({
  dataDir,
  connections,
  onLost,
}: {
  dataDir: string;
  connections: number;
  onLost?: (reason: string) => void;
}): Promise<EmbeddedThread> {
  if (!existsSync(WORKER_FILE)) {
    throw new Error(`The embedded database's worker ${WORKER_FILE} is missing: start the app from its checkout, or set EMBEDDED_DATABASE_THREAD=main`);
  }
  const socketDir = mkdtempSync(path.join(tmpdir(), "storystream-db-"));
  // `pg` connects to <host>/.s.PGSQL.<port> when its host is a directory.
  const workerData: EmbeddedWorkerData = { dataDir, socketPath: path.join(socketDir, ".s.PGSQL.5432"), maxConnections: connections };
  const worker = new Worker(WORKER_FILE, { workerData });
  let closing = false;
  let lastFailure = "";
  const removeSocketDir = () => rmSync(socketDir, { recursive: true, force: true });
  // A socket left behind by an exit would outlive the app in the temporary directory.
  process.once("exit", removeSocketDir);

  try {
    await new Promise<void>((resolve, reject) => {
      worker.once("error", reject);
      worker.once("exit", (code) => reject(new Error(`The embedded database's worker exited with code ${code} before it was ready`)));
      worker.once("message", (message: EmbeddedWorkerMessage) => {
        if (message.type === "ready") resolve();
        else reject(new Error(`The embedded database did not open: ${message.type === "failed" ? message.message : message.type}`));
      });
    });
  } catch (error) {
    await worker.terminate();
    process.off("exit", removeSocketDir);
    removeSocketDir();
    throw error;
  }
  worker.removeAllListeners();
  // The app's own exit is not held up by the thread.
  worker.unref();
  worker.on("message", (message: EmbeddedWorkerMessage) => {
    if (message.type === "failed") lastFailure = message.message;
  });
  worker.on("error", (error) => {
    lastFailure = error.message;
  });
  worker.on("exit", (code) => {
    process.off("exit", removeSocketDir);
    removeSocketDir();
    if (!closing) onLost?.(lastFailure || `the worker exited with code ${code}`);
  });

  return {
    socketDir,
    close: async () => {
      if (closing) return;
      closing = true;
      const closed = new Promise<void>((resolve) =>
        worker.on("message", (message: EmbeddedWorkerMessage) => {
          if (message.type === "closed") resolve();
        }),
      );
      worker.postMessage("close");
      await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 5000).unref())]);
      await worker.terminate();
    },
  };
}
