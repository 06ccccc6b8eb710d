import * as React from "react";
import { cn } from "@/lib/utils/cn";

/** The Modelgate mark: a gate arch with a model passing through. Decorative; pair it with the name. */
export function LogoMark({ className, ...props }: React.SVGAttributes<SVGSVGElement>) {
  return (
    <svg
      viewBox="0 0 24 24"
      aria-hidden="true"
      focusable="false"
      className={cn("size-6 shrink-0", className)}
      {...props}
    >
      <rect width="24" height="24" rx="6" className="fill-primary" />
      <path
        d="M7 18V10.5a5 5 0 0 1 10 0V18"
        fill="none"
        stroke="white"
        strokeWidth="2.2"
        strokeLinecap="round"
      />
      <path d="M4.5 18h15" stroke="white" strokeOpacity="0.55" strokeWidth="2" strokeLinecap="round" />
      <circle cx="12" cy="13" r="2" fill="white" />
    </svg>
  );
}

export function Logo({ className }: { className?: string }) {
  return (
    <span className={cn("inline-flex items-center gap-2", className)}>
      <LogoMark />
      <span className="text-[0.9375rem] font-semibold tracking-tight text-foreground">Modelgate</span>
    </span>
  );
}
