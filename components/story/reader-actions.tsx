"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { CopyIcon, TrashIcon } from "@/components/icons";
import { ConfirmDelete } from "@/components/ui/confirm-delete";
import { buttonStyles } from "@/components/ui/styles";
import { splitParagraphs } from "@/lib/stories/paragraphs";
import { ReadAloudControls } from "./read-aloud-controls";

/** Read aloud, copy, and delete (after a confirmation) for one saved story. */
export function ReaderActions({ id, title, content, lang }: { id: string; title: string; content: string; lang: string }) {
  const router = useRouter();
  const [copied, setCopied] = useState<"idle" | "done" | "failed">("idle");

  async function copy() {
    try {
      await navigator.clipboard.writeText(`${title}\n\n${content}`);
      setCopied("done");
    } catch {
      setCopied("failed");
    }
  }

  return (
    <div className="space-y-4">
      <ReadAloudControls paragraphs={splitParagraphs(content)} finished lang={lang} />
      <div className="flex flex-wrap items-center gap-3">
        <button type="button" className={buttonStyles.secondary} onClick={() => void copy()}>
          <CopyIcon /> Copy story
        </button>
        <ConfirmDelete
          opener={
            <>
              <TrashIcon /> Delete…
            </>
          }
          question={`Delete “${title}”?`}
          consequence="It will be gone from your library for good."
          keepLabel="Keep it"
          deleteLabel="Delete story"
          url={`/api/v1/stories/${id}/`}
          failure="The story could not be deleted. Please try again."
          onDeleted={() => {
            router.replace("/library");
            router.refresh();
          }}
        />
        <span role="status" className="text-sm font-semibold text-stone-700 dark:text-indigo-100">
          {copied === "done" ? "Copied to the clipboard." : copied === "failed" ? "Copying is not allowed here; select the text instead." : ""}
        </span>
      </div>
    </div>
  );
}
