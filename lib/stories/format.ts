const languageNames = new Intl.DisplayNames(["en"], { type: "language", fallback: "code" });

/** "fr" -> "French"; an unknown tag is shown as it is. */
export function languageName(tag: string): string {
  try {
    return languageNames.of(tag) ?? tag;
  } catch {
    return tag;
  }
}

export function formatStoryDate(date: Date): string {
  return new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeZone: "UTC" }).format(date);
}

export function formatLength(characters: number): string {
  const minutes = Math.max(1, Math.round(characters / 900));
  return `${characters.toLocaleString("en")} characters · about ${minutes} min to read`;
}
