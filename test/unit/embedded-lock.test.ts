import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { acquireEmbeddedLock, EmbeddedDatabaseLockedError } from "@/lib/db/embedded-lock";

const lockModule = path.resolve(import.meta.dirname, "../../lib/db/embedded-lock.ts");

/** Node code run in a separate process, with `acquireEmbeddedLock` and `dataDir` in scope. */
function childScript(dataDir: string, body: string): string[] {
  const code = `import { acquireEmbeddedLock } from ${JSON.stringify(lockModule)};\nconst dataDir = ${JSON.stringify(dataDir)};\n${body}`;
  return ["--no-warnings", "--input-type=module", "-e", code];
}

function runChild(dataDir: string, body: string): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, childScript(dataDir, body), { encoding: "utf8", timeout: 20_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Starts a process that takes the lock as "next dev" and holds it until its stdin closes. */
async function startHolder(dataDir: string): Promise<ChildProcessWithoutNullStreams> {
  const child = spawn(
    process.execPath,
    childScript(
      dataDir,
      `acquireEmbeddedLock(dataDir, "next dev");
       process.stdout.write("holding\\n");
       process.stdin.resume();
       process.stdin.on("end", () => process.exit(0));`,
    ),
  );
  await new Promise<void>((resolve, reject) => {
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("holding")) resolve();
    });
    child.stderr.on("data", (chunk: Buffer) => reject(new Error(chunk.toString())));
    child.on("exit", (code) => reject(new Error(`holder exited early with ${code}`)));
  });
  return child;
}

function exited(child: ChildProcessWithoutNullStreams): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.on("exit", () => resolve());
  });
}

function readLock(dataDir: string): { pid: number; holder: string; started_at: string } {
  return JSON.parse(readFileSync(path.join(dataDir, "LOCK"), "utf8"));
}

let dataDir: string;
const children: ChildProcessWithoutNullStreams[] = [];

beforeEach(() => {
  dataDir = path.join(mkdtempSync(path.join(tmpdir(), "storystream-lock-")), "data");
});

afterEach(async () => {
  for (const child of children.splice(0)) {
    child.kill();
    await exited(child);
  }
  rmSync(path.dirname(dataDir), { recursive: true, force: true });
});

describe("acquireEmbeddedLock", () => {
  it("creates the data directory and a LOCK naming this process, and release removes it", () => {
    const release = acquireEmbeddedLock(dataDir, "db:migrate");
    const owner = readLock(dataDir);
    expect(owner.pid).toBe(process.pid);
    expect(owner.holder).toBe("db:migrate");
    expect(Number.isNaN(Date.parse(owner.started_at))).toBe(false);

    release();
    expect(existsSync(path.join(dataDir, "LOCK"))).toBe(false);
  });

  it("refuses a second process at once, naming the process that holds the lock", () => {
    const release = acquireEmbeddedLock(dataDir, "next start");
    try {
      const started = Date.now();
      const child = runChild(
        dataDir,
        `try { acquireEmbeddedLock(dataDir, "db:migrate"); console.log("acquired"); }
         catch (error) { console.log(JSON.stringify({ name: error.name, message: error.message })); }`,
      );
      expect(child.stderr).toBe("");
      const result = JSON.parse(child.stdout);
      expect(result.name).toBe("EmbeddedDatabaseLockedError");
      expect(result.message).toContain(`in use by process ${process.pid} (next start, since `);
      expect(result.message).toContain("set DATABASE_URL");
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(readLock(dataDir).pid).toBe(process.pid);
    } finally {
      release();
    }
  });

  it("throws EmbeddedDatabaseLockedError while another live process holds the lock, and succeeds once it has exited", async () => {
    const holder = await startHolder(dataDir);
    children.push(holder);

    let caught: unknown;
    try {
      acquireEmbeddedLock(dataDir, "db:migrate");
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(EmbeddedDatabaseLockedError);
    expect(String(caught)).toContain(`in use by process ${holder.pid} (next dev, since `);
    expect(readLock(dataDir).pid).toBe(holder.pid);

    holder.stdin.end(); // the holder exits normally: its exit handler removes the lock
    await exited(holder);
    expect(existsSync(path.join(dataDir, "LOCK"))).toBe(false);

    const release = acquireEmbeddedLock(dataDir, "db:migrate");
    expect(readLock(dataDir).pid).toBe(process.pid);
    release();
  });

  it("takes over a stale lock left by a process that died without releasing it", async () => {
    const holder = await startHolder(dataDir);
    children.push(holder);
    holder.kill("SIGKILL");
    await exited(holder);
    expect(readLock(dataDir).pid).toBe(holder.pid);

    const release = acquireEmbeddedLock(dataDir, "db:migrate");
    expect(readLock(dataDir)).toMatchObject({ pid: process.pid, holder: "db:migrate" });
    release();
  });

  it("treats an empty or unreadable LOCK as stale", () => {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(path.join(dataDir, "LOCK"), "not json");
    const release = acquireEmbeddedLock(dataDir, "db:migrate");
    expect(readLock(dataDir).pid).toBe(process.pid);
    release();
  });

  it("is re-entrant within a process: the file stays until the last release", () => {
    const outer = acquireEmbeddedLock(dataDir, "next dev");
    const inner = acquireEmbeddedLock(dataDir, "next dev");
    inner();
    inner(); // a second call of the same release is a no-op
    expect(readLock(dataDir).pid).toBe(process.pid);
    outer();
    expect(existsSync(path.join(dataDir, "LOCK"))).toBe(false);
  });

  it("release leaves alone a lock that another process has taken since", () => {
    const release = acquireEmbeddedLock(dataDir, "next dev");
    const other = { pid: 1, holder: "next start", started_at: new Date().toISOString() };
    writeFileSync(path.join(dataDir, "LOCK"), JSON.stringify(other));
    release();
    expect(readLock(dataDir)).toEqual(other);
  });

  it("removes the lock when the holding process exits without calling release", () => {
    const child = runChild(dataDir, `acquireEmbeddedLock(dataDir, "db:migrate"); console.log("took it");`);
    expect(child.stdout).toContain("took it");
    expect(child.status).toBe(0);
    expect(existsSync(path.join(dataDir, "LOCK"))).toBe(false);
  });
});
