import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";
import { CharacterForm } from "@/components/characters/character-form";
import { DeleteCharacterButton } from "@/components/characters/delete-character-button";
import { buttonStyles, cardStyles } from "@/components/ui/styles";
import { requireSessionUser } from "@/lib/auth/session";
import { MAX_CHARACTERS_PER_ACCOUNT } from "@/lib/characters/policy";
import { listCharactersForOwner, toCharacterResponse } from "@/lib/characters/repository";

export const metadata: Metadata = { title: "Your characters" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const tag = "rounded-full bg-orange-50 px-3 py-0.5 text-sm font-semibold text-orange-900 dark:bg-indigo-900 dark:text-amber-100";

export default async function CharactersPage({ searchParams }: Props) {
  const user = await requireSessionUser("/characters");
  const characters = (await listCharactersForOwner({ ownerId: user.id })).map(toCharacterResponse);
  const editId = z.uuid().safeParse((await searchParams).edit);
  const editing = editId.success ? characters.find((character) => character.id === editId.data) : undefined;

  return (
    <div className="space-y-8">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-3xl font-extrabold">Your characters</h1>
          <p className="mt-1 text-stone-700 dark:text-indigo-100">Save the heroes your family loves, then pick up to three for any story.</p>
        </div>
        <Link href="/new" className={buttonStyles.primary}>
          New story
        </Link>
      </div>
      {characters.length === 0 ? (
        <p className={`${cardStyles} text-center text-lg`}>No characters yet. Make your first one below.</p>
      ) : (
        <ul className="grid gap-4 sm:grid-cols-2" aria-label="Characters">
          {characters.map((character) => (
            <li key={character.id} className={`${cardStyles} space-y-2`} data-testid="character-card">
              <h2 className="text-xl font-bold">{character.name}</h2>
              <p className="text-stone-700 dark:text-indigo-100">
                {character.kind} · {character.pronouns}
              </p>
              {character.traits.length > 0 && (
                <ul className="flex flex-wrap gap-1.5" aria-label={`${character.name}'s traits`}>
                  {character.traits.map((trait) => (
                    <li key={trait} className={tag}>
                      {trait}
                    </li>
                  ))}
                </ul>
              )}
              {character.appearance && <p className="text-sm text-stone-700 dark:text-indigo-200">Looks: {character.appearance}</p>}
              {character.favorite_things.length > 0 && (
                <p className="text-sm text-stone-700 dark:text-indigo-200">Loves: {character.favorite_things.join(", ")}</p>
              )}
              <div className="flex flex-wrap gap-2 pt-1">
                <Link href={`/characters?edit=${character.id}#character-form`} className={buttonStyles.secondary}>
                  Edit<span className="sr-only"> {character.name}</span>
                </Link>
                <DeleteCharacterButton id={character.id} name={character.name} />
              </div>
            </li>
          ))}
        </ul>
      )}
      <div className={cardStyles}>
        {characters.length >= MAX_CHARACTERS_PER_ACCOUNT && !editing ? (
          <p>You have {MAX_CHARACTERS_PER_ACCOUNT} characters, the most an account keeps. Delete one to make another.</p>
        ) : (
          <CharacterForm key={editing?.id ?? "new"} editing={editing} />
        )}
      </div>
    </div>
  );
}
