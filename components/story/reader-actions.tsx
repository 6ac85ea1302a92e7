"use client";

import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import { CopyIcon, TrashIcon } from "@/components/icons";
import { buttonStyles } from "@/components/ui/styles";
import { splitParagraphs } from "@/lib/stories/paragraphs";
import { ReadAloudControls } from "./read-aloud-controls";

/** Read aloud, copy, and delete (after a confirmation) for one saved story. */
export function ReaderActions({ id, title, content, lang }: { id: string; title: string; content: string; lang: string }) {
  const router = useRouter();
  const dialog = useRef<HTMLDialogElement>(null);
  const [copied, setCopied] = useState<"idle" | "done" | "failed">("idle");
  const [problem, setProblem] = useState<string | null>(null);
  const [deleting, setDeleting] = useState(false);

  async function copy() {
    try {
      await navigator.clipboard.writeText(`${title}\n\n${content}`);
      setCopied("done");
    } catch {
      setCopied("failed");
    }
  }

  async function remove() {
    setDeleting(true);
    setProblem(null);
    try {
      const res = await fetch(`/api/v1/stories/${id}/`, { method: "DELETE", credentials: "same-origin" });
      if (res.status !== 204 && res.status !== 404) throw new Error(`HTTP ${res.status}`);
      dialog.current?.close();
      router.replace("/library");
      router.refresh();
    } catch {
      setDeleting(false);
      setProblem("The story could not be deleted. Please try again.");
    }
  }

  return (
    <div className="space-y-4">
      <ReadAloudControls paragraphs={splitParagraphs(content)} finished lang={lang} />
      <div className="flex flex-wrap items-center gap-3">
        <button type="button" className={buttonStyles.secondary} onClick={() => void copy()}>
          <CopyIcon /> Copy story
        </button>
        <button type="button" className={buttonStyles.quiet} onClick={() => dialog.current?.showModal()}>
          <TrashIcon /> Delete…
        </button>
        <span role="status" className="text-sm font-semibold text-stone-700 dark:text-indigo-100">
          {copied === "done" ? "Copied to the clipboard." : copied === "failed" ? "Copying is not allowed here; select the text instead." : ""}
        </span>
      </div>
      <dialog
        ref={dialog}
        aria-labelledby="delete-title"
        className="m-auto max-w-sm rounded-3xl bg-white p-6 text-stone-900 shadow-xl backdrop:bg-stone-900/60 dark:bg-indigo-950 dark:text-indigo-50"
      >
        <h2 id="delete-title" className="text-xl font-bold">
          Delete “{title}”?
        </h2>
        <p className="mt-2 text-stone-700 dark:text-indigo-100">It will be gone from your library for good.</p>
        {problem && (
          <p role="alert" className="mt-3 font-semibold text-red-700 dark:text-red-300">
            {problem}
          </p>
        )}
        <div className="mt-6 flex flex-wrap justify-end gap-3">
          <button type="button" className={buttonStyles.quiet} onClick={() => dialog.current?.close()} autoFocus>
            Keep it
          </button>
          <button type="button" className={buttonStyles.danger} onClick={() => void remove()} disabled={deleting}>
            {deleting ? "Deleting…" : "Delete story"}
          </button>
        </div>
      </dialog>
    </div>
  );
}
