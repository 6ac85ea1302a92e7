import type { Metadata } from "next";
import { StoryStudio } from "@/components/story/story-studio";
import { requireSessionUser } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Write a new story" };

export default async function NewStoryPage() {
  await requireSessionUser("/new");
  return <StoryStudio />;
}
