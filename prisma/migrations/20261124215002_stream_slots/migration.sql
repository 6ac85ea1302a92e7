-- DropTable
DROP TABLE "stream_leases";

-- CreateTable
CREATE TABLE "stream_slots" (
    "user_id" UUID NOT NULL,
    "slot" INTEGER NOT NULL,
    "lease_id" UUID NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "stream_slots_pkey" PRIMARY KEY ("user_id","slot")
);

-- CreateIndex
CREATE UNIQUE INDEX "stream_slots_lease_id_key" ON "stream_slots"("lease_id");
