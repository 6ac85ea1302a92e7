import OpenAI from "openai";
import { getEnv } from "@/lib/env";

export type ModerationVerdict = { flagged: false } | { flagged: true; categories: string[] };

/** The moderation endpoint could not give a verdict: callers fail closed. */
export class ModerationUnavailableError extends Error {
  constructor(cause: unknown) {
    super("the safety check is unavailable right now", { cause });
    this.name = "ModerationUnavailableError";
  }
}

let client: OpenAI | undefined;
function getModerationClient(): OpenAI {
  const env = getEnv();
  client ??= new OpenAI({
    apiKey: env.OPENAI_API_KEY ?? "not-needed",
    baseURL: env.OPENAI_BASE_URL,
    timeout: env.MODERATION_TIMEOUT_MS,
    maxRetries: 1,
  });
  return client;
}

/** Checks texts with OpenAI's moderation endpoint (same server as the model); no-op when off. */
export async function moderate(texts: string[]): Promise<ModerationVerdict> {
  const env = getEnv();
  if (!env.moderationEnabled) return { flagged: false };
  let results: OpenAI.Moderations.Moderation[];
  try {
    const response = await getModerationClient().moderations.create({ model: env.OPENAI_MODERATION_MODEL, input: texts });
    results = response.results;
  } catch (error) {
    throw new ModerationUnavailableError(error);
  }
  if (results.length !== texts.length) throw new ModerationUnavailableError(new Error("incomplete moderation response"));
  const categories = new Set<string>();
  for (const result of results) {
    if (!result.flagged) continue;
    for (const [category, flagged] of Object.entries(result.categories)) if (flagged) categories.add(category);
    if (categories.size === 0) categories.add("flagged");
  }
  return categories.size > 0 ? { flagged: true, categories: [...categories].sort() } : { flagged: false };
}
