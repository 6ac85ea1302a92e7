import { getEnv } from "@/lib/env";
import { chatCompletionsSource } from "./chat-completions";
import { createDemoStoryteller, DEMO_MODEL_ID } from "./demo-storyteller";
import { languageModelSource, type ModelSource } from "./model-source";

export type StoryModel = { source: ModelSource; modelName: string; isDemo: boolean };

// One provider per configuration, built on first use rather than on every request.
let cached: { key: string; model: StoryModel } | undefined;

/** The only place that knows providers: an OpenAI-compatible Chat Completions model, or the demo. */
export function getStoryModel(): StoryModel | null {
  const env = getEnv();
  if (env.OPENAI_API_KEY || env.OPENAI_BASE_URL) {
    const apiKey = env.OPENAI_API_KEY ?? "not-needed";
    const baseURL = env.OPENAI_BASE_URL ?? "https://api.openai.com/v1";
    // Chat Completions rather than the Responses API, so Ollama, vLLM, llama.cpp and LM Studio work.
    const key = JSON.stringify([baseURL, apiKey, env.OPENAI_MODEL]);
    if (cached?.key !== key) {
      cached = { key, model: { source: chatCompletionsSource({ baseURL, apiKey, model: env.OPENAI_MODEL }), modelName: env.OPENAI_MODEL, isDemo: false } };
    }
    return cached.model;
  }
  if (env.demoStorytellerEnabled) {
    return { source: languageModelSource(createDemoStoryteller()), modelName: DEMO_MODEL_ID, isDemo: true };
  }
  return null;
}
