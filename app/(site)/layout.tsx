import type { ReactNode } from "react";
import { SiteShell } from "@/components/layout/site-shell";
import { getSessionUser } from "@/lib/auth/session";

/** The signed-in part of the site: rendered per request, with the family's navigation. */
export default async function SiteLayout({ children }: { children: ReactNode }) {
  return <SiteShell user={await getSessionUser()}>{children}</SiteShell>;
}
