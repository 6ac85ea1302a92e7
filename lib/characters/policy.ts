/** Character limits as data: field lengths, list sizes, and how many one account may keep. */
export const CHARACTER_LIMITS = {
  name: 60,
  kind: 60,
  pronouns: 30,
  appearance: 300,
  item: 40,
  traits: 5,
  favorite_things: 5,
} as const;

export const MAX_CHARACTERS_PER_ACCOUNT = 50;

/** The pronoun choices the form offers; the API accepts any short text. */
export const PRONOUN_CHOICES: readonly string[] = ["she/her", "he/him", "they/them", "it/its"];
