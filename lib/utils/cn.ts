import { clsx, type ClassValue } from "clsx";
import { twMerge } from "tailwind-merge";

/**
 * Join class names conditionally and let later Tailwind utilities win over earlier conflicting
 * ones, so a component's defaults can be overridden through its `className` prop.
 */
export function cn(...classes: ClassValue[]): string {
  return twMerge(clsx(classes));
}
