import OpenAI from "openai";
import { z } from "zod";
import { getEnv } from "@/lib/env";
import type { ModerationThresholds } from "./policy";

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

/** What we rely on in an answer; anything else is a malformed answer, and fails closed. */
const moderationResponseSchema = z.object({
  results: z.array(
    z.object({
      flagged: z.boolean(),
      categories: z.record(z.string(), z.boolean().nullable()),
      category_scores: z.record(z.string(), z.number()).optional(),
    }),
  ),
});
type ModerationResult = z.infer<typeof moderationResponseSchema>["results"][number];

/** One result per text, in order; throws ModerationUnavailableError on a time-out, an HTTP error or a malformed answer. */
async function moderationResults(texts: string[], signal?: AbortSignal): Promise<ModerationResult[]> {
  let response: unknown;
  try {
    response = await getModerationClient().moderations.create({ model: getEnv().OPENAI_MODERATION_MODEL, input: texts }, { signal });
  } catch (error) {
    throw new ModerationUnavailableError(error);
  }
  const parsed = moderationResponseSchema.safeParse(response);
  if (!parsed.success) throw new ModerationUnavailableError(new Error("malformed moderation response"));
  if (parsed.data.results.length !== texts.length) throw new ModerationUnavailableError(new Error("incomplete moderation response"));
  return parsed.data.results;
}

/** The categories the endpoint flagged, plus, with thresholds, those scoring at or above them. */
export function flaggedCategories(result: ModerationResult, thresholds?: ModerationThresholds): string[] {
  const categories = new Set<string>();
  for (const [category, flagged] of Object.entries(result.categories)) if (flagged) categories.add(category);
  if (thresholds) {
    for (const [category, score] of Object.entries(result.category_scores ?? {})) {
      const threshold = Reflect.get(thresholds, category);
      if (typeof threshold === "number" && score >= threshold) categories.add(category);
    }
  }
  if (result.flagged && categories.size === 0) categories.add("flagged");
  return [...categories].sort();
}

const verdictOf = (categories: string[]): ModerationVerdict => (categories.length > 0 ? { flagged: true, categories } : { flagged: false });

/** Checks the family's inputs with the endpoint's own flags (same server as the model); no-op when off. */
export async function moderate(texts: string[]): Promise<ModerationVerdict> {
  if (!getEnv().moderationEnabled) return { flagged: false };
  const categories = new Set<string>();
  for (const result of await moderationResults(texts)) for (const category of flaggedCategories(result)) categories.add(category);
  return verdictOf([...categories].sort());
}

/**
 * Checks story text against the children's thresholds (MODERATION_THRESHOLDS): one verdict per
 * text, in order. Always calls the endpoint; callers decide whether moderation is on.
 */
export async function moderateStoryText(texts: string[], signal?: AbortSignal): Promise<ModerationVerdict[]> {
  const thresholds = getEnv().MODERATION_THRESHOLDS;
  return (await moderationResults(texts, signal)).map((result) => verdictOf(flaggedCategories(result, thresholds)));
}
