const tokenCost = (character: string) => ((character.codePointAt(0) ?? 0) < 128 ? 0.27 : 1);

/**
 * A conservative token estimate that needs no tokenizer: about four ASCII characters per token
 * (English averages a little more), and one token for any other character (accents, CJK,
 * emoji), so budgets hold for every language and model.
 */
export function estimateTokens(text: string): number {
  let tokens = 0;
  for (const character of text) tokens += tokenCost(character);
  return Math.ceil(tokens);
}

/** The text cut to at most `budget` tokens, keeping its start or its end, at a space when one is near. */
export function truncateToTokens(text: string, budget: number, keep: "start" | "end" = "start"): string {
  if (estimateTokens(text) <= budget) return text;
  const characters = Array.from(text);
  if (keep === "end") characters.reverse();
  let used = 1; // the ellipsis
  let count = 0;
  for (const character of characters) {
    if (used + tokenCost(character) > budget) break;
    used += tokenCost(character);
    count++;
  }
  let piece = characters.slice(0, count);
  const space = piece.findLastIndex((character) => /\s/.test(character));
  if (space > count * 0.8) piece = piece.slice(0, space);
  if (keep === "end") piece.reverse();
  const kept = piece.join("").trim();
  return keep === "end" ? `…${kept}` : `${kept}…`;
}
