/** Story text as paragraphs: split on blank lines; the last one is unfinished until the story ends. */
export function splitParagraphs(text: string): string[] {
  return text
    .split(/\n[ \t]*\n/)
    .map((paragraph) => paragraph.trim())
    .filter((paragraph) => paragraph !== "");
}

/** The paragraphs already followed by a blank line: safe to announce or read aloud. */
export function completedParagraphs(text: string, finished: boolean): string[] {
  const paragraphs = splitParagraphs(text);
  if (finished || /\n[ \t]*\n\s*$/.test(text)) return paragraphs;
  return paragraphs.slice(0, -1);
}
