import { execFile } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { ROOT } from "../support/app";
import { createAccount } from "../support/client";
import { STORY_CHUNKS, STORY_UNITS } from "../support/fake-openai";
import { setUpTestApp } from "../support/set-up-test-app";

const run = promisify(execFile);
// The project's own copy of the API spec: its examples run here as written, so a clone needs nothing outside the repo.
const spec = readFileSync(path.join(ROOT, "test/fixtures/streaming-story-api.md"), "utf8");

/** The body of the first fenced block of this language after the given heading. */
function example(heading: string, language: string): string {
  const section = spec.slice(spec.indexOf(heading));
  const match = new RegExp("```" + language + "\\n([\\s\\S]*?)```").exec(section);
  if (!match?.[1]) throw new Error(`no ${language} example under ${heading}`);
  return match[1];
}

function dataEvents(output: string): Array<{ type: string; story_id?: string; data?: string }> {
  return output
    .split("\n")
    .filter((line) => line.startsWith("data: "))
    .map((line) => JSON.parse(line.slice(6)));
}

const PYTHON = existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
async function hasAiohttp(): Promise<boolean> {
  try {
    await run(PYTHON, ["-c", "import aiohttp"]);
    return true;
  } catch {
    return false;
  }
}

const stack = setUpTestApp();
let account: Awaited<ReturnType<typeof createAccount>>;
beforeAll(async () => (account = await createAccount(stack.app.url)));

const withHostAndToken = (code: string) => code.replaceAll("http://localhost:8080", stack.app.url).replaceAll("YOUR_JWT_TOKEN", account.token);

async function savedContent(id: string): Promise<string> {
  const res = await fetch(`${stack.app.url}/api/v1/stories/${id}/`, { headers: { Authorization: `Bearer ${account.token}` } });
  return (await res.json()).content;
}

describe("the spec's examples work as written, with a real token and host", () => {
  it("cURL example", async () => {
    const command = withHostAndToken(example("### cURL Example", "bash"));
    expect(command).toContain("--no-buffer");
    const { stdout } = await run("bash", ["-c", command], { timeout: 20_000 });
    const events = dataEvents(stdout);
    expect(events.map((event) => event.type)).toEqual(["started", ...STORY_UNITS.map(() => "content"), "completed"]);
    expect(events.map((event) => (event.type === "content" ? (event.data ?? "") : "")).join("")).toBe(STORY_CHUNKS.join(""));
    const completed = events.at(-1);
    expect(await savedContent(completed?.story_id ?? "")).toBe(STORY_CHUNKS.join(""));
  });

  it("Python aiohttp example", async (context) => {
    if (!(await hasAiohttp())) context.skip("python3-aiohttp is not installed (apt-get install -y python3-aiohttp); CI installs it");
    const script = `${withHostAndToken(example("### Python (aiohttp)", "python"))}\nimport asyncio\nasyncio.run(stream_story())\n`;
    const { stdout } = await run(PYTHON, ["-c", script], { timeout: 20_000 });
    const match = /Story saved: ([0-9a-f-]{36})/.exec(stdout);
    expect(match).not.toBeNull();
    expect(stdout.startsWith(STORY_CHUNKS.join(""))).toBe(true);
    expect(await savedContent(match?.[1] ?? "")).toBe(STORY_CHUNKS.join(""));
  });

  it("npm run stream-story logs in, streams, and prints the saved id", async () => {
    const { stdout } = await run(
      process.execPath,
      ["scripts/stream-story.ts", "--url", stack.app.url, "--email", account.email, "--password", account.password, "--idea", "a lighthouse keeper's cat"],
      { cwd: ROOT, timeout: 20_000 },
    );
    expect(stdout).toContain(STORY_CHUNKS.join(""));
    const id = /Story saved: ([0-9a-f-]{36})/.exec(stdout)?.[1] ?? "";
    expect(await savedContent(id)).toBe(STORY_CHUNKS.join(""));
  });
});
