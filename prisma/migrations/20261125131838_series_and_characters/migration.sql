-- CreateTable
CREATE TABLE "series" (
    "id" UUID NOT NULL,
    "owner_id" UUID NOT NULL,
    "title" TEXT NOT NULL,
    "folded_summary" TEXT,
    "folded_through" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "series_pkey" PRIMARY KEY ("id")
);

-- Every story is a chapter of a series: each existing story becomes chapter 1 of its own.
ALTER TABLE "stories" ADD COLUMN     "chapter" INTEGER NOT NULL DEFAULT 1,
ADD COLUMN     "series_id" UUID,
ADD COLUMN     "summary" TEXT;

INSERT INTO "series" ("id", "owner_id", "title", "created_at", "updated_at")
SELECT "id", "owner_id", "story_name", "created_at", "created_at" FROM "stories";

UPDATE "stories" SET "series_id" = "id";

ALTER TABLE "stories" ALTER COLUMN "series_id" SET NOT NULL;


-- CreateTable
CREATE TABLE "characters" (
    "id" UUID NOT NULL,
    "owner_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "pronouns" TEXT NOT NULL,
    "traits" TEXT[],
    "appearance" TEXT NOT NULL,
    "favorite_things" TEXT[],
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "characters_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "story_characters" (
    "story_id" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "character_id" UUID,
    "snapshot" JSONB NOT NULL,

    CONSTRAINT "story_characters_pkey" PRIMARY KEY ("story_id","position")
);

-- CreateIndex
CREATE INDEX "characters_owner_id_created_at_idx" ON "characters"("owner_id", "created_at");

-- CreateIndex
CREATE INDEX "story_characters_character_id_idx" ON "story_characters"("character_id");

-- CreateIndex
CREATE INDEX "series_owner_id_updated_at_id_idx" ON "series"("owner_id", "updated_at" DESC, "id" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "stories_series_id_chapter_key" ON "stories"("series_id", "chapter");

-- AddForeignKey
ALTER TABLE "stories" ADD CONSTRAINT "stories_series_id_fkey" FOREIGN KEY ("series_id") REFERENCES "series"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "characters" ADD CONSTRAINT "characters_owner_id_fkey" FOREIGN KEY ("owner_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "story_characters" ADD CONSTRAINT "story_characters_story_id_fkey" FOREIGN KEY ("story_id") REFERENCES "stories"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "story_characters" ADD CONSTRAINT "story_characters_character_id_fkey" FOREIGN KEY ("character_id") REFERENCES "characters"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "series" ADD CONSTRAINT "series_owner_id_fkey" FOREIGN KEY ("owner_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
