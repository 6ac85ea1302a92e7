import { createServer, type Server } from "node:http";
import next from "next";
import { logEvent } from "@/lib/log";
import { SSE_QUEUE_BYTES } from "@/lib/stories/sse-writer";
import { LISTEN_BACKLOG } from "./listen-backlog";
import { isStoryStreamRequest, serveStoryStream } from "./serve-story-stream";


/**
 * The self-hosting server: Next serves every page and route, except the story stream, which this
 * process serves itself with the route's own engine (serve-story-stream.ts). On Vercel the route
 * handler is the only path; this is for `npm run start:server` on a machine of your own.
 */
export async function startNodeServer({ dir, hostname, port }: { dir: string; hostname: string; port: number }): Promise<Server> {
  const app = next({ dev: false, dir, hostname, port });
  const handle = app.getRequestHandler();
  await app.prepare();
  // A slow reader holds at most this much of a story in memory (the route's body queue holds as much).
  const server = createServer({ highWaterMark: SSE_QUEUE_BYTES }, (req, res) => {
    if (isStoryStreamRequest(req)) serveStoryStream(req, res);
    else void handle(req, res);
  });
  // Stop taking connections on SIGTERM; lib/server/lifecycle.ts drains the running stories and exits.
  process.once("SIGTERM", () => server.close());
  await new Promise<void>((resolve) => server.listen({ port, host: hostname, backlog: LISTEN_BACKLOG }, resolve));
  logEvent("info", "server_started", { url: `http://${hostname}:${port}`, server: "node" });
  return server;
}
