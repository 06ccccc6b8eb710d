import Link from "next/link";
import { routes } from "@/lib/routes";

export default function NotFound() {
  return (
    <main className="flex min-h-dvh flex-col items-center justify-center gap-3 p-6 text-center">
      <h1 className="text-xl font-semibold">Page not found</h1>
      <p className="text-sm text-muted-foreground">The address is wrong, or the page belongs to a team you are not in.</p>
      <Link className="text-sm text-primary-text underline" href={routes.models()}>Go to models</Link>
    </main>
  );
}
