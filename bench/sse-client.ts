// The benchmark's client: one POST, the SSE response parsed as it arrives (eventsource-parser, as
// the story page does), and per event the receive time minus the send time the upstream stamped
// into each token (`t=<epoch ms> `).
import { Agent, request } from "node:http";
import { createParser } from "eventsource-parser";

export const now = () => performance.timeOrigin + performance.now();

export type StreamRecord = {
  outcome: "completed" | "error" | "cut" | "failed";
  detail?: string;
  /** Request sent -> `started` received, ms. */
  toStarted?: number;
  /** Upstream's first token sent -> client's first `content` received, ms. */
  toFirstWord?: number;
  /** Receive minus send, ms, for every token. */
  delays: number[];
  /** Last `content` received -> `completed` received, ms (upstream finish + save). */
  lastContentToCompleted?: number;
  storyId?: string;
  storyLength?: number;
  text: string;
  /** Set when the answer was not 200 (a refusal: 503, 429). */
  status?: number;
  retryAfter?: string;
};

const agent = new Agent({ keepAlive: true, maxSockets: Number.POSITIVE_INFINITY });
const STAMP = /t=(\d+\.\d+) /g;

export type StreamOptions = {
  url: string;
  token?: string;
  body: object;
  cutAfterMs?: number;
  /** A slow reader: stops reading for this long after the headers, then reads on. */
  pauseMs?: number;
  timeoutMs: number;
};

export function openStream({ url, token, body, cutAfterMs, pauseMs, timeoutMs }: StreamOptions): Promise<StreamRecord> {
  return new Promise((resolve) => {
    const record: StreamRecord = { outcome: "failed", delays: [], text: "" };
    const payload = JSON.stringify(body);
    const sentAt = now();
    let lastContentAt: number | undefined;
    let settled = false;
    const finish = (outcome: StreamRecord["outcome"], detail?: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timeout);
      if (cutTimer) clearTimeout(cutTimer);
      record.outcome = outcome;
      record.detail = detail;
      resolve(record);
    };
    const req = request(url, {
      method: "POST",
      agent,
      headers: {
        "Content-Type": "application/json",
        "Content-Length": Buffer.byteLength(payload),
        ...(token && { Authorization: `Bearer ${token}` }),
      },
    });
    const timeout = setTimeout(() => {
      finish("failed", `no end within ${timeoutMs} ms`);
      req.destroy();
    }, timeoutMs);
    const cutTimer =
      cutAfterMs === undefined
        ? undefined
        : setTimeout(() => {
            finish("cut");
            req.destroy();
          }, cutAfterMs);
    req.on("error", (error) => finish("failed", error.message));
    req.on("response", (res) => {
      if (res.statusCode !== 200) {
        record.status = res.statusCode;
        record.retryAfter = res.headers["retry-after"];
        finish("failed", `HTTP ${res.statusCode}`);
        res.resume();
        return;
      }
      let receivedAt = now();
      const parser = createParser({
        onEvent({ data }) {
          const event: { type?: string; data?: string; story_id?: string; story_length?: number; message?: string } = JSON.parse(data);
          if (event.type === "started") record.toStarted ??= receivedAt - sentAt;
          else if (event.type === "content" && typeof event.data === "string") {
            record.text += event.data;
            for (const match of event.data.matchAll(STAMP)) {
              const delay = receivedAt - Number(match[1]);
              if (record.toFirstWord === undefined) record.toFirstWord = delay;
              record.delays.push(delay);
            }
            lastContentAt = receivedAt;
          } else if (event.type === "completed") {
            record.storyId = event.story_id;
            record.storyLength = event.story_length;
            if (lastContentAt !== undefined) record.lastContentToCompleted = receivedAt - lastContentAt;
            finish("completed");
          } else if (event.type === "error") finish("error", event.message);
        },
      });
      res.setEncoding("utf8");
      if (pauseMs) {
        res.pause();
        setTimeout(() => res.resume(), pauseMs);
      }
      res.on("data", (text: string) => {
        receivedAt = now();
        parser.feed(text);
      });
      res.on("end", () => finish("failed", "stream ended without completed or error"));
      res.on("error", (error) => finish("failed", error.message));
    });
    req.end(payload);
  });
}
