import type { Story } from "@/lib/generated/prisma/client";
import { formatLength, formatStoryDate, languageName } from "@/lib/stories/format";

/** Hero, style, language, age, date and length of a saved story. */
export function StoryMeta({ story }: { story: Pick<Story, "heroName" | "storyStyle" | "language" | "age" | "createdAt" | "storyLength"> }) {
  const items = [
    ["Hero", story.heroName],
    ["Style", story.storyStyle],
    ["Language", languageName(story.language)],
    ["Age", String(story.age)],
    ["Written", formatStoryDate(story.createdAt)],
    ["Length", formatLength(story.storyLength)],
  ];
  return (
    <dl className="flex flex-wrap gap-x-5 gap-y-1 text-sm text-stone-700 dark:text-indigo-200">
      {items.map(([term, value]) => (
        <div key={term} className="flex gap-1">
          <dt className="font-semibold">{term}:</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
