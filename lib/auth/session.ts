import { getServerSession } from "next-auth";
import { redirect } from "next/navigation";
import { connection } from "next/server";
import { cache } from "react";
import { getAuthOptions } from "./options";
import { sessionIsCurrent } from "./require-user";

export type SessionUser = { id: string; email: string; name: string | null };

/** The signed-in user for a server component, or null; a revoked session or deleted account is null. */
export const getSessionUser = cache(async (): Promise<SessionUser | null> => {
  await connection(); // per request: never prerendered at build time
  const session = await getServerSession(getAuthOptions());
  const user = session?.user;
  if (!user?.id || !(await sessionIsCurrent({ sub: user.id, ver: user.tokenVersion }))) return null;
  return { id: user.id, email: user.email ?? "", name: user.name ?? null };
});

/** The signed-in user, or a redirect to the sign-in page that comes back to `returnTo`. */
export async function requireSessionUser(returnTo: string): Promise<SessionUser> {
  const user = await getSessionUser();
  if (!user) redirect(`/sign-in?callbackUrl=${encodeURIComponent(returnTo)}`);
  return user;
}
