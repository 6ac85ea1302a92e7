import { NotFoundMessage } from "@/components/ui/not-found-message";

export default function NotFound() {
  return (
    <main id="main" className="mx-auto w-full max-w-5xl px-4 py-12">
      <NotFoundMessage />
    </main>
  );
}
