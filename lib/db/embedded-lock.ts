import fs from "node:fs";
import path from "node:path";

/** What `<dataDir>/LOCK` holds while a process has the embedded database open. */
export type EmbeddedLockOwner = { pid: number; holder: string; started_at: string };

export class EmbeddedDatabaseLockedError extends Error {
  readonly owner: EmbeddedLockOwner;
  readonly dataDir: string;

  constructor(dataDir: string, owner: EmbeddedLockOwner) {
    super(
      `The embedded database in ${dataDir} is in use by process ${owner.pid} ` +
        `(${owner.holder}, since ${owner.started_at}). Stop that process first, ` +
        "or set DATABASE_URL to use a PostgreSQL server.",
    );
    this.name = "EmbeddedDatabaseLockedError";
    this.dataDir = dataDir;
    this.owner = owner;
  }
}

// Acquisitions by this process, per lock file, so a re-entrant acquire needs a matching release.
const heldByUs = new Map<string, number>();

/**
 * Takes the exclusive lock on an embedded database directory, because PGlite has none of its
 * own and two processes writing one directory silently lose data. Returns the release function.
 */
export function acquireEmbeddedLock(dataDir: string, holder: string): () => void {
  fs.mkdirSync(dataDir, { recursive: true });
  const lockPath = path.resolve(dataDir, "LOCK");

  // Attempts: the first, one after removing a stale lock, one if the lock vanished meanwhile.
  for (let attempt = 0; attempt < 3; attempt++) {
    if (createLockFile(lockPath, holder)) return trackAcquisition(lockPath);

    const owner = readOwner(lockPath);
    if (owner === "missing") continue;
    if (owner?.pid === process.pid) return trackAcquisition(lockPath);
    if (owner && isProcessAlive(owner.pid)) throw new EmbeddedDatabaseLockedError(dataDir, owner);
    removeIfUnchanged(lockPath, owner);
  }
  throw new Error(`Could not take the lock ${lockPath}: other processes keep replacing it.`);
}

function createLockFile(lockPath: string, holder: string): boolean {
  let fd: number;
  try {
    fd = fs.openSync(lockPath, "wx");
  } catch (error) {
    if (errorCode(error) === "EEXIST") return false;
    throw error;
  }
  try {
    const owner: EmbeddedLockOwner = { pid: process.pid, holder, started_at: new Date().toISOString() };
    fs.writeSync(fd, JSON.stringify(owner));
  } finally {
    fs.closeSync(fd);
  }
  return true;
}

/** The lock's owner, null when its content is not a lock (corrupt: treated as stale). */
function readOwner(lockPath: string): EmbeddedLockOwner | null | "missing" {
  // A lock created an instant ago may not have its content yet: give its writer a moment.
  for (let attempt = 0; attempt < 10; attempt++) {
    let text: string;
    try {
      text = fs.readFileSync(lockPath, "utf8");
    } catch (error) {
      if (errorCode(error) === "ENOENT") return "missing";
      throw error;
    }
    if (text.trim() !== "") return parseOwner(text);
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
  }
  return null;
}

function parseOwner(text: string): EmbeddedLockOwner | null {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== "object" || value === null) return null;
    const pid: unknown = Reflect.get(value, "pid");
    const holder: unknown = Reflect.get(value, "holder");
    const startedAt: unknown = Reflect.get(value, "started_at");
    if (typeof pid !== "number" || !Number.isInteger(pid) || pid <= 0) return null;
    return {
      pid,
      holder: typeof holder === "string" ? holder : "unknown",
      started_at: typeof startedAt === "string" ? startedAt : "unknown",
    };
  } catch {
    return null;
  }
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return errorCode(error) === "EPERM";
  }
}

/** Removes a stale lock unless another process replaced it since we read it. */
function removeIfUnchanged(lockPath: string, staleOwner: EmbeddedLockOwner | null): void {
  const current = readOwner(lockPath);
  if (current === "missing") return;
  if (JSON.stringify(current) !== JSON.stringify(staleOwner)) return;
  fs.rmSync(lockPath, { force: true });
}

function trackAcquisition(lockPath: string): () => void {
  const count = heldByUs.get(lockPath) ?? 0;
  heldByUs.set(lockPath, count + 1);
  if (count === 0) process.on("exit", releaseOnExit);

  let released = false;
  return () => {
    if (released) return;
    released = true;
    const remaining = (heldByUs.get(lockPath) ?? 1) - 1;
    if (remaining > 0) {
      heldByUs.set(lockPath, remaining);
      return;
    }
    heldByUs.delete(lockPath);
    if (heldByUs.size === 0) process.off("exit", releaseOnExit);
    removeIfOurs(lockPath);
  };
}

function releaseOnExit(): void {
  for (const lockPath of heldByUs.keys()) removeIfOurs(lockPath);
  heldByUs.clear();
}

function removeIfOurs(lockPath: string): void {
  const owner = readOwner(lockPath);
  if (owner !== "missing" && owner?.pid === process.pid) fs.rmSync(lockPath, { force: true });
}

function errorCode(error: unknown): unknown {
  return typeof error === "object" && error !== null ? Reflect.get(error, "code") : undefined;
}
