import type { IncomingMessage, ServerResponse } from "node:http";
import { Readable } from "node:stream";
import { NextRequest } from "next/server";
import { assertBodyWithinLimit, logRequest, responseForError } from "@/lib/errors";
import { API_RESPONSE_HEADERS } from "@/lib/http/security-headers";
import { logEvent } from "@/lib/log";
import { withAdmission } from "@/lib/stories/admission";
import { writeSseToNode } from "@/lib/stories/sse-node";
import { prepareStoryStream, type Defer } from "@/lib/stories/start-generation";

// In the request log: this server answered, not Next's route handler.
const SERVED_BY = { server: "node" };
const STORY_STREAM_PATH = /^\/api\/v1\/stories\/generate-stream\/?(\?|$)/;

/** The request the self-hosting server serves itself; everything else goes to Next. */
export function isStoryStreamRequest(req: IncomingMessage): boolean {
  return req.method === "POST" && STORY_STREAM_PATH.test(req.url ?? "");
}

function toNextRequest(req: IncomingMessage, signal: AbortSignal): NextRequest {
  const headers = new Headers();
  for (let i = 0; i < req.rawHeaders.length; i += 2) headers.append(req.rawHeaders[i] ?? "", req.rawHeaders[i + 1] ?? "");
  const url = new URL(req.url ?? "/", `http://${req.headers.host ?? "localhost"}`);
  return new NextRequest(url, { method: req.method, headers, body: Readable.toWeb(req) as ReadableStream<Uint8Array>, duplex: "half", signal });
}

async function sendResponse(res: ServerResponse, response: Response): Promise<void> {
  const body = Buffer.from(await response.arrayBuffer());
  if (res.destroyed) return; // the client left during the checks
  res.writeHead(response.status, { ...API_RESPONSE_HEADERS, ...Object.fromEntries(response.headers) });
  res.end(body);
}

/** Next's `after` for this server: the tasks run once the response has closed (the series memory after `completed`). */
function afterResponse(res: ServerResponse): Defer {
  const tasks: Array<() => Promise<void>> = [];
  res.once("close", () => {
    for (const task of tasks) {
      void task().catch((error: unknown) => logEvent("error", "after_response_failed", { error: error instanceof Error ? error.message : String(error) }));
    }
  });
  return (task) => tasks.push(task);
}

/**
 * POST /api/v1/stories/generate-stream/ on the self-hosting server: the route handler's steps
 * (admission, prepareStoryStream), with the events written straight to the socket instead of
 * through a Web Response and Next's response pipe. Admission runs on the `request` event, so a
 * burst past MAX_INFLIGHT_GENERATIONS is refused before anything else is spent on it.
 */
export function serveStoryStream(req: IncomingMessage, res: ServerResponse): void {
  const startedAt = performance.now();
  const disconnected = new AbortController();
  res.once("close", () => {
    if (!res.writableFinished) disconnected.abort();
  });
  const request = toNextRequest(req, disconnected.signal);
  // Runs up to the admission check before this function returns: a refusal costs one turn.
  const answered = (async () => {
    assertBodyWithinLimit(request);
    return withAdmission((generation) => prepareStoryStream(request, generation, { defer: afterResponse(res) }));
  })().then(
    (stream) => {
      logRequest(request, 200, startedAt, SERVED_BY);
      writeSseToNode(res, stream, API_RESPONSE_HEADERS);
    },
    (error: unknown) => {
      const response = responseForError(error, request);
      logRequest(request, response.status, startedAt, SERVED_BY);
      return sendResponse(res, response);
    },
  );
  answered.catch((error: unknown) => {
    logEvent("error", "unhandled_route_error", { error: error instanceof Error ? error.message : String(error) });
    res.destroy();
  });
}
