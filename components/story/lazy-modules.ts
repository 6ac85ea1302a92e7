/**
 * Loaded when first needed rather than with the page: zod and the stream reader are most of the
 * story page's own JavaScript. The studio starts both loads as soon as the family touches the form.
 */
export const loadStorySchema = () => import("@/lib/stories/schema");
export const loadStoryStreamReader = () => import("@/lib/stories/read-story-stream");

export function preloadStoryModules(): void {
  void loadStorySchema();
  void loadStoryStreamReader();
}
