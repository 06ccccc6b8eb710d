"use client";

import * as React from "react";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { Toaster } from "@/components/ui/toast";
import { TooltipProvider } from "@/components/ui/tooltip";

function makeQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // Server components render the first data; 10s avoids an immediate refetch on mount
        // while job views still poll through their own refetchInterval.
        staleTime: 10_000,
        retry: 1,
        refetchOnWindowFocus: false,
      },
      mutations: { retry: 0 },
    },
  });
}

/**
 * Client-side context for the whole app. One QueryClient per browser tab (created lazily in state
 * so React Strict Mode and re-renders keep the same cache).
 *
 * Session: wrap `children` in next-auth's <SessionProvider> here (the marked spot below).
 */
export function Providers({ children }: { children: React.ReactNode }) {
  const [queryClient] = React.useState(makeQueryClient);

  return (
    <QueryClientProvider client={queryClient}>
      <TooltipProvider>
        {/* next-auth: <SessionProvider session={session}> … </SessionProvider> goes around children. */}
        {children}
        <Toaster />
      </TooltipProvider>
    </QueryClientProvider>
  );
}
