import { spawn } from "node:child_process";
import { connect, type Socket } from "node:net";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { LISTEN_BACKLOG } from "@/lib/server/listen-backlog";
import { productionNodeFlags, ROOT } from "../support/app";

const CONNECTIONS = 1000;

/**
 * Starts a server with `flags` that listens as `next start` does, `listen(port, hostname)`, then
 * keeps its event loop busy for 4 s, accepting nothing; meanwhile opens CONNECTIONS connections.
 * Returns how many the kernel completed while the server was busy: at most its backlog (+1).
 */
async function connectionsQueuedWhileBusy(flags: string[]): Promise<number> {
  const script = `
    const server = require("node:net").createServer((socket) => socket.destroy());
    server.listen(0, "127.0.0.1");
    server.on("listening", () => {
      process.stdout.write(String(server.address().port) + "\\n");
      const until = Date.now() + 4000;
      while (Date.now() < until);
      setTimeout(() => process.exit(0), 200);
    });`;
  const child = spawn(process.execPath, [...flags, "-e", script], { stdio: ["ignore", "pipe", "inherit"] });
  const port = await new Promise<number>((resolve) => child.stdout.once("data", (data: Buffer) => resolve(Number(data.toString()))));
  const sockets: Socket[] = [];
  let connected = 0;
  for (let i = 0; i < CONNECTIONS; i++) {
    const socket = connect(port, "127.0.0.1");
    socket.on("connect", () => connected++).on("error", () => {});
    sockets.push(socket);
  }
  // Well inside the server's busy time, so nothing here was accepted by it; a dropped SYN is retried only after 1 s.
  for (const deadline = Date.now() + 2500; connected < CONNECTIONS && Date.now() < deadline; ) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const queued = connected;
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => child.once("exit", resolve));
  return queued;
}

describe("npm start's listen backlog", () => {
  it("preloads the larger backlog into `next start`", () => {
    expect(productionNodeFlags(ROOT, "next")).toContain(`--import=${path.join(ROOT, "lib/server/next-start-preload.ts")}`);
  });

  // Under `next start`, Node's default of 511 reset 51 to 126 of 2,000 streams opened within a second (bench/README.md).
  it(`lets the kernel queue a burst of ${CONNECTIONS} connections that Node's default backlog drops`, async () => {
    expect(LISTEN_BACKLOG).toBeGreaterThanOrEqual(CONNECTIONS);
    const preload = productionNodeFlags(ROOT, "next").filter((flag) => flag.startsWith("--import="));
    expect(await connectionsQueuedWhileBusy(preload)).toBe(CONNECTIONS);
    expect(await connectionsQueuedWhileBusy([])).toBeLessThanOrEqual(512);
  }, 30_000);
});
