"use client";

import { useId, useRef, useState, type ReactNode } from "react";
import { buttonStyles } from "./styles";
import { ProblemMessage } from "./problem-message";

/**
 * A button that asks before deleting something for good: a modal dialog with the question, what
 * deleting means, and the DELETE request (a 404 counts as done: it is gone either way).
 */
export function ConfirmDelete({
  opener,
  question,
  consequence,
  keepLabel,
  deleteLabel,
  url,
  failure,
  onDeleted,
}: {
  /** The content of the button that opens the dialog. */
  opener: ReactNode;
  question: ReactNode;
  consequence: ReactNode;
  keepLabel: string;
  deleteLabel: string;
  url: string;
  /** Shown when the request fails. */
  failure: string;
  onDeleted: () => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const [problem, setProblem] = useState<string | null>(null);
  const [deleting, setDeleting] = useState(false);

  async function remove() {
    setDeleting(true);
    setProblem(null);
    try {
      const res = await fetch(url, { method: "DELETE", credentials: "same-origin" });
      if (res.status !== 204 && res.status !== 404) throw new Error(`HTTP ${res.status}`);
      dialog.current?.close();
      onDeleted();
    } catch {
      setProblem(failure);
    } finally {
      setDeleting(false);
    }
  }

  return (
    <>
      <button type="button" className={buttonStyles.quiet} onClick={() => dialog.current?.showModal()}>
        {opener}
      </button>
      <dialog
        ref={dialog}
        aria-labelledby={titleId}
        className="m-auto max-w-sm rounded-3xl bg-white p-6 text-stone-900 shadow-xl backdrop:bg-stone-900/60 dark:bg-indigo-950 dark:text-indigo-50"
      >
        <h2 id={titleId} className="text-xl font-bold">
          {question}
        </h2>
        <p className="mt-2 text-stone-700 dark:text-indigo-100">{consequence}</p>
        <ProblemMessage className="mt-3">{problem}</ProblemMessage>
        <div className="mt-6 flex flex-wrap justify-end gap-3">
          <button type="button" className={buttonStyles.quiet} onClick={() => dialog.current?.close()} autoFocus>
            {keepLabel}
          </button>
          <button type="button" className={buttonStyles.danger} onClick={() => void remove()} disabled={deleting}>
            {deleting ? "Deleting…" : deleteLabel}
          </button>
        </div>
      </dialog>
    </>
  );
}
