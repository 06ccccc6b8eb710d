import { redirect } from "next/navigation";
import { getSessionActor } from "@/lib/auth/session-actor";
import { routes } from "@/lib/routes";
import { LoginForm } from "@/components/auth/login-form";
import { LogoMark } from "@/components/layout/logo";

export const metadata = { title: "Sign in · Modelgate" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string; error?: string }> }) {
  const { callbackUrl, error } = await searchParams;
  const safeCallback = callbackUrl && callbackUrl.startsWith("/") && !callbackUrl.startsWith("//") ? callbackUrl : routes.home();
  if (await getSessionActor()) redirect(safeCallback);
  return (
    <main className="flex min-h-dvh items-center justify-center bg-muted/40 px-4 py-12">
      <div className="w-full max-w-sm">
        <div className="mb-8 flex flex-col items-center gap-3 text-center">
          <LogoMark className="size-10" />
          <div>
            <h1 className="text-xl font-semibold tracking-tight">Sign in to Modelgate</h1>
            <p className="mt-1 text-sm text-muted-foreground">Model registry, gates and serving for your team.</p>
          </div>
        </div>
        <LoginForm callbackUrl={safeCallback} initialError={error ?? null} />
      </div>
    </main>
  );
}
