import { execFileSync } from "node:child_process";
import { chmodSync, chownSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir, userInfo } from "node:os";
import path from "node:path";
import { freePort } from "../support/app";

const BIN = process.env.POSTGRES_BIN_DIR ?? "/usr/lib/postgresql/15/bin";

export type PrivatePostgres = { url: string; stop: () => void; start: () => void; destroy: () => void };

/**
 * A PostgreSQL server of this test's own (initdb into a temporary directory, on a free port), so a
 * test can stop and start it without touching the machine's shared cluster. PostgreSQL refuses to
 * run as root, so as root it runs as the `postgres` user.
 */
export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const dir = mkdtempSync(path.join(tmpdir(), "storystream-pg-"));
  const dataDir = path.join(dir, "data");
  const port = await freePort();
  const asRoot = userInfo().uid === 0;
  let postgresUid = 0;
  let postgresGid = 0;
  if (asRoot) {
    postgresUid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
    postgresGid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim());
    chownSync(dir, postgresUid, postgresGid);
    chmodSync(dir, 0o700);
  }
  const run = (binary: string, args: string[]) =>
    execFileSync(path.join(BIN, binary), args, { stdio: "pipe", timeout: 60_000, ...(asRoot && { uid: postgresUid, gid: postgresGid }), env: { ...process.env, LC_ALL: "C" } });
  run("initdb", ["-D", dataDir, "-U", "postgres", "--auth=trust", "--no-sync", "-E", "UTF8"]);
  const options = `-c port=${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=${dir} -c fsync=off -c max_connections=200`;
  const start = () => {
    run("pg_ctl", ["-D", dataDir, "-o", options, "-l", path.join(dir, "server.log"), "-w", "-t", "30", "start"]);
  };
  const stop = () => {
    run("pg_ctl", ["-D", dataDir, "-m", "fast", "-w", "-t", "30", "stop"]);
  };
  start();
  return {
    url: `postgresql://postgres@127.0.0.1:${port}/postgres`,
    start,
    stop,
    destroy: () => {
      try {
        stop();
      } catch {
        // already stopped
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
