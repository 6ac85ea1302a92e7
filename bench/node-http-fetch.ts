// A `fetch` on node:http with keep-alive sockets, for the benchmark's SDK readers (bench/model-source.ts):
// the transport the app's source used in round 8, so those readers differ from the app's only above it.
import { Agent, request, type IncomingMessage } from "node:http";
import { fetchHeaders } from "../lib/ai/chat-completions.ts";

const agent = new Agent({ keepAlive: true });

/** The response body as a byte stream that pauses the socket while the reader is behind. */
function responseBody(res: IncomingMessage): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    start(controller) {
      res.on("data", (chunk: Buffer) => {
        controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
        if ((controller.desiredSize ?? 1) <= 0) res.pause();
      });
      res.on("end", () => controller.close());
      res.on("error", (error) => controller.error(error));
    },
    pull() {
      res.resume();
    },
    cancel() {
      res.destroy();
    },
  });
}

/** http: URLs only, string bodies, streamed responses, abort by signal. */
export const nodeHttpFetch: typeof fetch = (input, init = {}) =>
  new Promise<Response>((resolve, reject) => {
    const body = typeof init.body === "string" ? init.body : undefined;
    const req = request(new URL(input instanceof Request ? input.url : input), {
      method: init.method ?? "GET",
      agent,
      headers: { ...Object.fromEntries(new Headers(init.headers)), ...(body !== undefined && { "content-length": String(Buffer.byteLength(body)) }) },
      signal: init.signal ?? undefined,
    });
    req.on("response", (res) => {
      const status = res.statusCode ?? 502;
      resolve(new Response(status === 204 || status === 304 ? null : responseBody(res), { status, statusText: res.statusMessage, headers: fetchHeaders(res.headers) }));
    });
    req.on("error", (error) => reject(init.signal?.aborted ? init.signal.reason : new TypeError("fetch failed", { cause: error })));
    req.end(body);
  });
