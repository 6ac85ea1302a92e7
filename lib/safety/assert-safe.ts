import { ApiError } from "@/lib/errors";
import { moderate, ModerationUnavailableError } from "./moderation";

/**
 * Moderates texts a family sent before anything is saved or generated: 422 with the flagged
 * categories, or 503 when the check cannot run (fail closed).
 */
export async function assertTextsAreSafe(texts: string[], { flaggedMessage, unavailableMessage }: { flaggedMessage: string; unavailableMessage: string }): Promise<void> {
  if (texts.length === 0) return;
  try {
    const verdict = await moderate(texts);
    if (verdict.flagged) throw new ApiError(422, flaggedMessage, { extra: { categories: verdict.categories } });
  } catch (error) {
    if (error instanceof ModerationUnavailableError) {
      throw new ApiError(503, unavailableMessage, { headers: { "Retry-After": "30" } });
    }
    throw error;
  }
}
