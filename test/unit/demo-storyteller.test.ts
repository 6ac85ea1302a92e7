import { streamText } from "ai";
import { describe, expect, it } from "vitest";
import { createDemoStoryteller, DEMO_MODEL_ID } from "@/lib/ai/demo-storyteller";
import { buildStoryPrompt } from "@/lib/stories/prompt";

const input = { story_name: "T", hero_name: "Noor", story_idea: "a kite that wants to fly at night", story_style: "Adventure", language: "en", age: 6 };

describe("demo storyteller", () => {
  it("streams a personalised story word by word through the ai SDK and says it is a demo", async () => {
    const model = createDemoStoryteller();
    expect(model.modelId).toBe(DEMO_MODEL_ID);
    const result = streamText({ model, ...buildStoryPrompt(input) });
    const deltas: string[] = [];
    for await (const delta of result.textStream) deltas.push(delta);
    const text = deltas.join("");
    expect(deltas.length).toBeGreaterThan(50);
    expect(text).toContain("Noor");
    expect(text).toContain("a kite that wants to fly at night");
    expect(text).toContain("demo storyteller");
    expect(await result.finishReason).toBe("stop");
  }, 15_000); // ~130 words at 35 ms each take about 4.6 s: the 5 s default failed on a busy machine

  it("stops writing when aborted", async () => {
    const controller = new AbortController();
    const result = streamText({ model: createDemoStoryteller(), ...buildStoryPrompt(input), abortSignal: controller.signal });
    const parts: string[] = [];
    for await (const part of result.fullStream) {
      parts.push(part.type);
      if (parts.filter((type) => type === "text-delta").length === 3) controller.abort();
    }
    expect(parts.filter((type) => type === "text-delta").length).toBeLessThanOrEqual(4);
    expect(parts).toContain("abort");
    expect(parts).not.toContain("finish");
  });
});
