// `npm run stream-story -- --email you@example.com --password ... --idea "..."`: logs in, streams a
// story to the terminal as it is written, and prints the saved story's id (the spec's
// test_streaming.py, in TypeScript).
import { parseArgs } from "node:util";
import { createParser } from "eventsource-parser";

const { values } = parseArgs({
  options: {
    url: { type: "string", default: "http://localhost:3000" },
    email: { type: "string" },
    password: { type: "string" },
    register: { type: "boolean", default: false },
    title: { type: "string", default: "Test Story" },
    hero: { type: "string", default: "Alice" },
    idea: { type: "string", default: "A magical forest adventure" },
    style: { type: "string", default: "Fantasy" },
    language: { type: "string", default: "en" },
    age: { type: "string", default: "8" },
    help: { type: "boolean", short: "h", default: false },
  },
});

const usage = `Usage: npm run stream-story -- --email EMAIL --password PASSWORD [--register]
  [--url http://localhost:3000] [--title T] [--hero H] [--idea I] [--style S] [--language en] [--age 8]`;

async function postJson(path: string, body: unknown, token?: string): Promise<Response> {
  return fetch(new URL(path, values.url), {
    method: "POST",
    headers: { "Content-Type": "application/json", ...(token && { Authorization: `Bearer ${token}` }) },
    body: JSON.stringify(body),
  });
}

async function fail(res: Response, what: string): Promise<never> {
  throw new Error(`${what} failed: HTTP ${res.status} ${await res.text()}`);
}

async function main(): Promise<number> {
  if (values.help || !values.email || !values.password) {
    console.error(usage);
    return values.help ? 0 : 2;
  }
  const credentials = { email: values.email, password: values.password };
  if (values.register) {
    const registered = await postJson("/api/v1/auth/register", credentials);
    if (registered.status !== 201 && registered.status !== 409) await fail(registered, "Registration");
  }
  const login = await postJson("/api/v1/auth/token", credentials);
  if (!login.ok) await fail(login, "Login");
  const { access_token: token }: { access_token: string } = await login.json();

  const res = await postJson(
    "/api/v1/stories/generate-stream/",
    { story_name: values.title, hero_name: values.hero, story_idea: values.idea, story_style: values.style, language: values.language, age: Number(values.age) },
    token,
  );
  if (!res.ok || !res.body) await fail(res, "Generation");

  let exitCode = 1;
  const parser = createParser({
    onEvent(message) {
      const event = JSON.parse(message.data);
      if (event.type === "started") console.error(`${event.message} (model: ${event.model})\n`);
      else if (event.type === "content") process.stdout.write(event.data);
      else if (event.type === "completed") {
        console.log(`\n\nStory saved: ${event.story_id} (${event.story_length} characters)`);
        exitCode = 0;
      } else if (event.type === "error") console.error(`\n\n${event.message}`);
    },
  });
  const decoder = new TextDecoder();
  for await (const chunk of res.body ?? []) parser.feed(decoder.decode(chunk, { stream: true }));
  return exitCode;
}

main().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  },
);
