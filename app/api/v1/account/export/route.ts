import type { NextRequest } from "next/server";
import { exportAccount } from "@/lib/account/service";
import { requireUser } from "@/lib/auth/require-user";
import { withApi } from "@/lib/errors";
import { methodsNotAllowed } from "@/lib/http/method-not-allowed";

export const dynamic = "force-dynamic";

export const GET = withApi(async (req: NextRequest) => {
  const user = await requireUser(req);
  const data = await exportAccount({ userId: user.id });
  const filename = `storystream-export-${data.exported_at.slice(0, 10)}.json`;
  return new Response(JSON.stringify(data, null, 2), {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="${filename}"`,
      "Cache-Control": "no-store",
    },
  });
});

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed(["GET"]);
