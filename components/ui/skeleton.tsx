import * as React from "react";
import { cn } from "@/lib/utils/cn";

/** A loading placeholder; hidden from assistive technology (announce loading elsewhere, once). */
export function Skeleton({ className, ...props }: React.HTMLAttributes<HTMLDivElement>) {
  return <div aria-hidden="true" className={cn("rounded-md bg-muted motion-safe:animate-pulse", className)} {...props} />;
}
