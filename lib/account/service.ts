import { generateApiKey } from "@/lib/api-keys/keys";
import { createApiKey, listApiKeysForOwner } from "@/lib/api-keys/repository";
import { assertPasswordNotCommon } from "@/lib/auth/accounts";
import { checkPassword, hashPassword } from "@/lib/auth/password";
import { ApiError } from "@/lib/errors";
import type { ApiKey } from "@/lib/generated/prisma/client";
import { storyLimitKeyPrefix } from "@/lib/limits/generation-limits";
import { getLimitStore } from "@/lib/limits/limit-store";
import { beginLoginAttempt, loginKeyPrefix } from "@/lib/limits/login-throttle";
import { listCharactersForOwner, toCharacterResponse } from "@/lib/characters/repository";
import { logEvent } from "@/lib/log";
import { listSeriesForExport } from "@/lib/series/library";
import { listStoriesForOwner, toStoryResponse } from "@/lib/stories/repository";
import type { StoryResponse } from "@/lib/stories/responses";
import { changePasswordHash, deleteAccountRows, findUserById, getAccountSummary } from "@/lib/users/repository";
import { endAccountStreams } from "./running-streams";
import type { AccountExport, AccountResponse, ApiKeySummary } from "./schema";

const accountGone = () => new ApiError(401, "This account no longer exists");

export async function getAccount({ userId }: { userId: string }): Promise<AccountResponse> {
  const account = await getAccountSummary({ userId });
  if (!account) throw accountGone();
  return {
    id: account.id,
    email: account.email,
    name: account.name,
    created_at: account.createdAt.toISOString(),
    story_count: account.storyCount,
  };
}

export function toApiKeySummary(key: ApiKey): ApiKeySummary {
  return {
    id: key.id,
    name: key.name,
    prefix: key.prefix,
    created_at: key.createdAt.toISOString(),
    last_used_at: key.lastUsedAt?.toISOString() ?? null,
  };
}

/** Everything the account holds, in the API's own shapes (GDPR article 20). */
export async function exportAccount({ userId }: { userId: string }): Promise<AccountExport> {
  const account = await getAccount({ userId });
  const stories: StoryResponse[] = [];
  let cursor: Parameters<typeof listStoriesForOwner>[0]["cursor"];
  for (;;) {
    const page = await listStoriesForOwner({ ownerId: userId, limit: 100, cursor });
    for (const story of page.stories) stories.push({ ...toStoryResponse(story, { includeContent: false }), content: story.content });
    const last = page.stories.at(-1);
    if (!page.nextCursor || !last) break;
    cursor = { at: last.createdAt, id: last.id };
  }
  const keys = await listApiKeysForOwner({ userId });
  const characters = await listCharactersForOwner({ ownerId: userId });
  const series = await listSeriesForExport({ ownerId: userId });
  return {
    exported_at: new Date().toISOString(),
    account,
    stories,
    characters: characters.map(toCharacterResponse),
    series,
    api_keys: keys.map(toApiKeySummary),
  };
}

/** Re-checks the account's password, counted by the sign-in throttle so it cannot be guessed here either. */
async function confirmPassword({ userId, password, ip, field }: { userId: string; password: string; ip: string; field: string }) {
  const user = await findUserById(userId);
  if (!user) throw accountGone();
  const attempt = await beginLoginAttempt({ email: user.email, ip });
  const check = await checkPassword(password, user.passwordHash);
  if (!check.valid) throw new ApiError(403, "The password is wrong", { details: [{ field, message: "The password is wrong" }] });
  await attempt.succeeded();
  return user;
}

/** A new password; every earlier token and session stops working. */
export async function changePassword(input: { userId: string; currentPassword: string; newPassword: string; ip: string }): Promise<void> {
  assertPasswordNotCommon(input.newPassword, "new_password");
  await confirmPassword({ userId: input.userId, password: input.currentPassword, ip: input.ip, field: "current_password" });
  await changePasswordHash({ userId: input.userId, passwordHash: await hashPassword(input.newPassword) });
}

/**
 * Erases the account (GDPR article 17): its rows go in one transaction, so its tokens, keys and
 * sessions stop working at once; its running streams here end with an `error` event; the email
 * can register again.
 */
export async function deleteAccount(input: { userId: string; password: string; ip: string }): Promise<void> {
  const user = await confirmPassword({ userId: input.userId, password: input.password, ip: input.ip, field: "password" });
  // Ended first, so a stream about to save sees its abort rather than a missing owner.
  const ended = endAccountStreams(user.id);
  const keyPrefixes = [storyLimitKeyPrefix(user.id), loginKeyPrefix(user.email)];
  const deleted = await deleteAccountRows({ userId: user.id, limitKeyPrefixes: keyPrefixes });
  if (!deleted) throw accountGone();
  // Redis counters are not in the transaction; they also expire with their window.
  await getLimitStore()
    .forget({ keyPrefixes, userId: user.id })
    .catch((error: unknown) => logEvent("warn", "account_counters_not_forgotten", { user_id: user.id, error: String(error) }));
  logEvent("info", "account_deleted", { user_id: user.id, streams_ended: ended });
}

export async function createApiKeyForUser({ userId, name }: { userId: string; name: string }): Promise<ApiKeySummary & { key: string }> {
  const { key, prefix, keyHash } = generateApiKey();
  const saved = await createApiKey({ userId, name, prefix, keyHash });
  return { ...toApiKeySummary(saved), key };
}
