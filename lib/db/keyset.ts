/** Where a newest-first page ended: its last row's time and id (the id orders rows of equal time). */
export type KeysetCursor = { at: Date; id: string };

export function encodeCursor({ at, id }: KeysetCursor): string {
  return Buffer.from(`${at.toISOString()}|${id}`).toString("base64url");
}

export function decodeCursor(value: string): KeysetCursor | null {
  const [iso, id] = Buffer.from(value, "base64url").toString("utf8").split("|");
  const at = new Date(iso ?? "");
  if (!id || Number.isNaN(at.getTime())) return null;
  return { at, id };
}

/** A `where` for the rows after `cursor` in (`field` desc, id desc) order; empty on the first page. */
export function rowsAfter<Field extends string>(field: Field, cursor: KeysetCursor | undefined) {
  if (!cursor) return {};
  // A computed key widens to `string`: name the field's type again for Prisma's where input.
  const older = { [field]: { lt: cursor.at } } as Record<Field, { lt: Date }>;
  const sameTimeSmallerId = { [field]: cursor.at, id: { lt: cursor.id } } as Record<Field, Date> & { id: { lt: string } };
  return { OR: [older, sameTimeSmallerId] };
}

/** One owner's rows, a page at a time. */
export type PageRequest = { ownerId: string; limit: number; cursor?: KeysetCursor };

/** The first `limit` of `rows` (fetched as `limit + 1`), and the cursor to the rest when there are more. */
export function keysetPage<Row extends { id: string }>(rows: Row[], limit: number, timeOf: (row: Row) => Date): { rows: Row[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { rows: page, nextCursor: rows.length > limit && last ? encodeCursor({ at: timeOf(last), id: last.id }) : null };
}
