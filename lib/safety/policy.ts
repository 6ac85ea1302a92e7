/** Safety policy as data: children's moderation thresholds and the size of release units. */

/** The moderation categories a story's text is scored on (OpenAI's omni-moderation names). */
export const MODERATION_CATEGORIES = [
  "harassment",
  "harassment/threatening",
  "hate",
  "hate/threatening",
  "illicit",
  "illicit/violent",
  "self-harm",
  "self-harm/intent",
  "self-harm/instructions",
  "sexual",
  "sexual/minors",
  "violence",
  "violence/graphic",
] as const;

export type ModerationCategory = (typeof MODERATION_CATEGORIES)[number];
export type ModerationThresholds = Record<ModerationCategory, number>;

/**
 * A story's text is withheld when any category scores at or above its threshold, or when the
 * endpoint itself flags it. Far stricter than the endpoint's own flags, which are tuned for adults;
 * override any of them with MODERATION_THRESHOLDS (lib/env.ts).
 */
export const CHILDREN_THRESHOLDS: ModerationThresholds = {
  harassment: 0.4,
  "harassment/threatening": 0.2,
  hate: 0.2,
  "hate/threatening": 0.1,
  illicit: 0.3,
  "illicit/violent": 0.1,
  "self-harm": 0.1,
  "self-harm/intent": 0.1,
  "self-harm/instructions": 0.05,
  sexual: 0.2,
  "sexual/minors": 0.01,
  violence: 0.5,
  "violence/graphic": 0.1,
};

export const RELEASE_UNITS = {
  /** A run-on sentence is cut after this many words, so a unit never holds back a paragraph. */
  maxWords: 40,
  /** The first unit may end at a clause (a comma) after this many words, so the first words come quickly... */
  firstUnitMinWords: 3,
  /** ...and is cut here if no clause or sentence ends sooner. */
  firstUnitMaxWords: 12,
  /** Scripts written without spaces (Chinese, Japanese, Thai) are capped by length instead. */
  maxCodeUnits: 240,
} as const;

/** Moderation calls one story may have in flight; units that complete while all are busy share the next call. */
export const MAX_MODERATION_CALLS_IN_FLIGHT = 3;

/** What the family sees when the gate stops a story: never the text itself. */
export const WITHHELD_MESSAGE =
  "we stopped this story because it was heading somewhere that isn't right for children. Nothing was saved; please try again, perhaps with a different idea.";
