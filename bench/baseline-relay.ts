// The baseline: a minimal node:http relay from the same upstream to the same SSE contract, with no
// framework, auth or database, so the benchmark can show what StoryStream adds on top of a relay.
import { randomUUID } from "node:crypto";
import { createServer, request } from "node:http";

const upstreamURL = new URL(`${process.env.UPSTREAM_URL ?? "http://127.0.0.1:0/v1"}/chat/completions`);
const event = (payload: object) => `data: ${JSON.stringify(payload)}\n\n`;

const server = createServer((req, res) => {
  if (req.method === "GET" && req.url === "/health") {
    res.writeHead(200).end("ok");
    return;
  }
  let raw = "";
  req.setEncoding("utf8");
  req.on("data", (part: string) => (raw += part));
  req.on("end", () => {
    let body: { story_name?: unknown; story_idea?: unknown };
    try {
      body = JSON.parse(raw);
    } catch {
      res.writeHead(400).end();
      return;
    }
    res.writeHead(200, { "Content-Type": "text/event-stream", "Cache-Control": "no-cache, no-transform", "X-Accel-Buffering": "no" });
    res.write(event({ type: "started", message: `Starting generation of '${String(body.story_name)}'`, model: "baseline" }));
    const upstreamBody = JSON.stringify({ model: "baseline", stream: true, messages: [{ role: "user", content: String(body.story_idea) }] });
    const upstream = request(upstreamURL, { method: "POST", headers: { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(upstreamBody) } });
    res.on("close", () => upstream.destroy());
    upstream.on("error", () => res.destroy());
    upstream.on("response", (upstreamRes) => {
      let buffer = "";
      let content = "";
      upstreamRes.setEncoding("utf8");
      upstreamRes.on("data", (text: string) => {
        buffer += text;
        let end: number;
        while ((end = buffer.indexOf("\n\n")) !== -1) {
          const line = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (!line.startsWith("data: ")) continue;
          const data = line.slice(6);
          if (data === "[DONE]") {
            res.end(event({ type: "completed", story_id: randomUUID(), message: "Story generated and saved successfully", story_length: [...content].length }));
            return;
          }
          const chunk: { choices?: Array<{ delta?: { content?: string } }> } = JSON.parse(data);
          const piece = chunk.choices?.[0]?.delta?.content;
          if (piece) {
            content += piece;
            res.write(event({ type: "content", data: piece }));
          }
        }
      });
    });
    upstream.end(upstreamBody);
  });
});
server.listen(Number(process.env.PORT ?? 0), "127.0.0.1", () => {
  const address = server.address();
  process.stdout.write(`${JSON.stringify({ listening: address && typeof address !== "string" ? address.port : 0 })}\n`);
});
process.on("SIGTERM", () => process.exit(0));
