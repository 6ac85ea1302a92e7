"use client";

import { useRouter } from "next/navigation";
import { ConfirmDelete } from "@/components/ui/confirm-delete";

/** Delete, after a confirmation; stories that used the character keep it. */
export function DeleteCharacterButton({ id, name }: { id: string; name: string }) {
  const router = useRouter();
  return (
    <ConfirmDelete
      opener={
        <>
          Delete<span className="sr-only"> {name}</span>…
        </>
      }
      question={`Delete ${name}?`}
      consequence={`Stories ${name} was in stay in your library, just as they were written.`}
      keepLabel={`Keep ${name}`}
      deleteLabel="Delete character"
      url={`/api/v1/characters/${id}/`}
      failure="The character could not be deleted. Please try again."
      onDeleted={() => router.refresh()}
    />
  );
}
