/** Story policy as data: the age range, its tiers, and the styles the form offers. */

export const MIN_AGE = 3;
export const MAX_AGE = 12;

export type AgeTier = {
  minAge: number;
  maxAge: number;
  label: string;
  words: string;
  maxOutputTokens: number;
  guidance: string;
};

export const AGE_TIERS: readonly AgeTier[] = [
  {
    minAge: 3,
    maxAge: 5,
    label: "little ones (3-5)",
    words: "150 to 250 words",
    maxOutputTokens: 600,
    guidance:
      "Very short sentences, simple everyday words, gentle repetition, a warm and reassuring tone. " +
      "No peril beyond a small, quickly solved problem.",
  },
  {
    minAge: 6,
    maxAge: 8,
    label: "early readers (6-8)",
    words: "300 to 500 words",
    maxOutputTokens: 1000,
    guidance:
      "Short paragraphs, concrete vocabulary with a few fun new words, a clear problem and a kind " +
      "resolution. Mild excitement is fine; nothing frightening or violent.",
  },
  {
    minAge: 9,
    maxAge: 12,
    label: "confident readers (9-12)",
    words: "500 to 800 words",
    maxOutputTokens: 1600,
    guidance:
      "Richer vocabulary and varied sentences, a real challenge the hero solves through courage, " +
      "wit or friendship. Suspense is fine; no graphic violence, romance or mature themes.",
  },
];

export function ageTierFor(age: number): AgeTier {
  const tier = AGE_TIERS.find((candidate) => age >= candidate.minAge && age <= candidate.maxAge);
  if (!tier) throw new RangeError(`No age tier for age ${age}`);
  return tier;
}

export type StoryStyle = { value: string; label: string; description: string };

export const STORY_STYLES: readonly StoryStyle[] = [
  { value: "Adventure", label: "Adventure", description: "A journey full of discoveries and brave choices." },
  { value: "Fantasy", label: "Fantasy", description: "Magic, enchanted places and wondrous creatures." },
  { value: "Bedtime", label: "Bedtime", description: "Calm and cosy, winding down to a sleepy ending." },
  { value: "Funny", label: "Funny", description: "Silly surprises, playful words and lots of giggles." },
  { value: "Mystery", label: "Mystery", description: "Clues to follow and a puzzle to solve." },
  { value: "Science", label: "Science", description: "Curious questions, experiments and how things work." },
  { value: "Fairy tale", label: "Fairy tale", description: "Once upon a time, with a lesson at the end." },
  { value: "Animals", label: "Animals", description: "Friendly creatures and life in the wild." },
  { value: "Space", label: "Space", description: "Rockets, planets and friendly aliens." },
];

export function describeStyle(style: string): string | undefined {
  return STORY_STYLES.find((known) => known.value.toLowerCase() === style.toLowerCase())?.description;
}

export type StoryLanguage = { tag: string; name: string };

/** Common languages, each in its own name; the form also accepts any BCP 47 tag. */
export const STORY_LANGUAGES: readonly StoryLanguage[] = [
  { tag: "en", name: "English" },
  { tag: "es", name: "Español" },
  { tag: "fr", name: "Français" },
  { tag: "de", name: "Deutsch" },
  { tag: "it", name: "Italiano" },
  { tag: "pt", name: "Português" },
  { tag: "nl", name: "Nederlands" },
  { tag: "pl", name: "Polski" },
  { tag: "uk", name: "Українська" },
  { tag: "tr", name: "Türkçe" },
  { tag: "ar", name: "العربية" },
  { tag: "hi", name: "हिन्दी" },
  { tag: "zh", name: "中文" },
  { tag: "ja", name: "日本語" },
  { tag: "ko", name: "한국어" },
];

export const FIELD_LIMITS = {
  story_name: 120,
  hero_name: 60,
  story_idea: 1000,
  story_style: 40,
  language: 35,
} as const;

export const MAX_CHARACTERS_PER_STORY = 3;
