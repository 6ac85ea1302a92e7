import { createParser } from "eventsource-parser";
import type { StoryEvent } from "@/lib/stories/sse";

export type StoryBody = {
  story_name: string;
  hero_name: string;
  story_idea: string;
  story_style: string;
  language: string;
  age: number;
};

export function storyBody(overrides: Partial<StoryBody> = {}): StoryBody {
  return {
    story_name: "The Magic Forest Adventure",
    hero_name: "Alice",
    story_idea: "A young girl discovers a magical forest",
    story_style: "Fantasy",
    language: "en",
    age: 8,
    ...overrides,
  };
}

let accountCounter = 0;

export async function createAccount(baseUrl: string): Promise<{ email: string; password: string; token: string; id: string }> {
  const email = `parent${Date.now()}${accountCounter++}@example.com`;
  const password = "correct horse battery";
  const registered = await fetch(`${baseUrl}/api/v1/auth/register`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ email, password, name: "Test Parent" }),
  });
  if (registered.status !== 201) throw new Error(`register failed: ${registered.status} ${await registered.text()}`);
  const { id } = await registered.json();
  const login = await fetch(`${baseUrl}/api/v1/auth/token`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ email, password }),
  });
  const { access_token: token } = await login.json();
  return { email, password, token, id };
}

export type ReceivedEvent = { event: StoryEvent; at: number };

export type StreamResult = {
  status: number;
  headers: Headers;
  events: ReceivedEvent[];
  comments: string[];
  json?: unknown;
};

/** POSTs a generation and parses the SSE response the way a client does, timing each event. */
export async function streamStory(
  baseUrl: string,
  token: string | undefined,
  body: unknown,
  options: {
    path?: string;
    headers?: Record<string, string>;
    onEvent?: (event: StoryEvent, controller: AbortController) => void;
    /** Cuts the connection when it fires, as a client going away; a cut before the response gives status 0. */
    signal?: AbortSignal;
  } = {},
): Promise<StreamResult> {
  const controller = new AbortController();
  if (options.signal?.aborted) controller.abort();
  options.signal?.addEventListener("abort", () => controller.abort(), { once: true });
  let res: Response;
  try {
    res = await fetch(`${baseUrl}${options.path ?? "/api/v1/stories/generate-stream/"}`, {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        ...(token && { Authorization: `Bearer ${token}` }),
        ...options.headers,
      },
      body: typeof body === "string" ? body : JSON.stringify(body),
      signal: controller.signal,
      redirect: "manual",
    });
  } catch (error) {
    if (controller.signal.aborted) return { status: 0, headers: new Headers(), events: [], comments: [] };
    throw error;
  }
  const result: StreamResult = { status: res.status, headers: res.headers, events: [], comments: [] };
  if (!res.headers.get("content-type")?.startsWith("text/event-stream")) {
    const text = await res.text();
    try {
      result.json = JSON.parse(text);
    } catch {
      result.json = text;
    }
    return result;
  }
  const parser = createParser({
    onEvent: (message) => {
      const event: StoryEvent = JSON.parse(message.data);
      result.events.push({ event, at: performance.now() });
      options.onEvent?.(event, controller);
    },
    onComment: (comment) => result.comments.push(comment),
  });
  const decoder = new TextDecoder();
  try {
    if (!res.body) return result;
    for await (const bytes of res.body) {
      parser.feed(decoder.decode(bytes, { stream: true }));
      if (controller.signal.aborted) break;
    }
  } catch (error) {
    if (!controller.signal.aborted) throw error;
  }
  return result;
}

/**
 * Starts a generation without waiting for it to end. `started` resolves when the server sends its
 * `started` event, by which time the request holds its Idempotency-Key claim and its
 * concurrent-stream slot; or when the request ends without one (then the test's checks of
 * `result` say why).
 */
export function openStream(
  baseUrl: string,
  token: string | undefined,
  body: unknown,
  options: { headers?: Record<string, string> } = {},
): { started: Promise<void>; result: Promise<StreamResult> } {
  let markStarted = () => {};
  const started = new Promise<void>((resolve) => (markStarted = resolve));
  const result = streamStory(baseUrl, token, body, { ...options, onEvent: (event) => event.type === "started" && markStarted() });
  void result.finally(markStarted);
  return { started, result };
}

export function eventTypes(result: StreamResult): string[] {
  return result.events.map(({ event }) => event.type);
}

export function streamedText(result: StreamResult): string {
  return result.events.map(({ event }) => (event.type === "content" ? event.data : "")).join("");
}

/** A next-auth session cookie for this account, through the same credentials flow the sign-in page uses. */
export async function sessionCookie(baseUrl: string, { email, password }: { email: string; password: string }): Promise<string> {
  const csrf = await fetch(`${baseUrl}/api/auth/csrf`);
  const { csrfToken }: { csrfToken: string } = await csrf.json();
  const csrfCookie = csrf.headers
    .getSetCookie()
    .map((cookie) => cookie.split(";")[0])
    .join("; ");
  const signedIn = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: csrfCookie },
    body: new URLSearchParams({ csrfToken, email, password, json: "true" }),
  });
  const session = signedIn.headers
    .getSetCookie()
    .map((cookie) => cookie.split(";")[0] ?? "")
    .find((cookie) => cookie.startsWith("next-auth.session-token="));
  if (!session) throw new Error(`Signing in failed: ${signedIn.status}`);
  return session;
}
