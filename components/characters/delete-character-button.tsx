"use client";

import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import { buttonStyles } from "@/components/ui/styles";

/** Delete, after a confirmation; stories that used the character keep it. */
export function DeleteCharacterButton({ id, name }: { id: string; name: string }) {
  const router = useRouter();
  const dialog = useRef<HTMLDialogElement>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [deleting, setDeleting] = useState(false);
  const titleId = `delete-character-${id}`;

  async function remove() {
    setDeleting(true);
    setProblem(null);
    try {
      const res = await fetch(`/api/v1/characters/${id}/`, { method: "DELETE", credentials: "same-origin" });
      if (res.status !== 204 && res.status !== 404) throw new Error(`HTTP ${res.status}`);
      dialog.current?.close();
      router.refresh();
    } catch {
      setProblem("The character could not be deleted. Please try again.");
    } finally {
      setDeleting(false);
    }
  }

  return (
    <>
      <button type="button" className={buttonStyles.quiet} onClick={() => dialog.current?.showModal()}>
        Delete<span className="sr-only"> {name}</span>…
      </button>
      <dialog
        ref={dialog}
        aria-labelledby={titleId}
        className="m-auto max-w-sm rounded-3xl bg-white p-6 text-stone-900 shadow-xl backdrop:bg-stone-900/60 dark:bg-indigo-950 dark:text-indigo-50"
      >
        <h2 id={titleId} className="text-xl font-bold">
          Delete {name}?
        </h2>
        <p className="mt-2 text-stone-700 dark:text-indigo-100">Stories {name} was in stay in your library, just as they were written.</p>
        {problem && (
          <p role="alert" className="mt-3 font-semibold text-red-700 dark:text-red-300">
            {problem}
          </p>
        )}
        <div className="mt-6 flex flex-wrap justify-end gap-3">
          <button type="button" className={buttonStyles.quiet} onClick={() => dialog.current?.close()} autoFocus>
            Keep {name}
          </button>
          <button type="button" className={buttonStyles.danger} onClick={() => void remove()} disabled={deleting}>
            {deleting ? "Deleting…" : "Delete character"}
          </button>
        </div>
      </dialog>
    </>
  );
}
