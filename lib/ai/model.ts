import { createOpenAI } from "@ai-sdk/openai";
import type { LanguageModel } from "ai";
import { getEnv } from "@/lib/env";
import { createDemoStoryteller, DEMO_MODEL_ID } from "./demo-storyteller";

export type StoryModel = { model: LanguageModel; modelName: string; isDemo: boolean };

/** The only place that knows providers: an OpenAI-compatible Chat Completions model, or the demo. */
export function getStoryModel(): StoryModel | null {
  const env = getEnv();
  if (env.OPENAI_API_KEY || env.OPENAI_BASE_URL) {
    const openai = createOpenAI({
      apiKey: env.OPENAI_API_KEY ?? "not-needed",
      baseURL: env.OPENAI_BASE_URL,
    });
    // Chat Completions rather than the Responses API, so Ollama, vLLM, llama.cpp and LM Studio work.
    return { model: openai.chat(env.OPENAI_MODEL), modelName: env.OPENAI_MODEL, isDemo: false };
  }
  if (env.demoStorytellerEnabled) {
    return { model: createDemoStoryteller(), modelName: DEMO_MODEL_ID, isDemo: true };
  }
  return null;
}
