"use client";

import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";

export default function AppError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="mx-auto max-w-xl py-12">
      <Alert
        variant="danger"
        title="This page could not be loaded"
        description={<>Something went wrong on the server{error.digest ? <> (reference <code className="font-mono">{error.digest}</code>)</> : null}. Try again; if it keeps failing, check the server logs.</>}
        action={<Button size="sm" variant="outline" onClick={reset}>Try again</Button>}
      />
    </div>
  );
}
