import { formatLength, formatStoryDate, languageName } from "@/lib/stories/format";
import type { StorySummaryResponse } from "@/lib/stories/responses";

/** Hero, style, language, age, date and length of a saved story. */
export function StoryMeta({ story }: { story: StorySummaryResponse }) {
  const items = [
    ["Hero", story.hero_name],
    ["Style", story.story_style],
    ["Language", languageName(story.language)],
    ["Age", String(story.age)],
    ["Written", formatStoryDate(new Date(story.created_at))],
    ["Length", formatLength(story.story_length)],
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
