import { notFound } from "next/navigation";
import { isAppError } from "@/lib/errors";

// For server pages: a lib "not found" (which is also what another team's resource answers) renders
// the page's not-found view; anything else propagates to the error boundary.
export async function orNotFound<T>(promise: Promise<T>): Promise<T> {
  try {
    return await promise;
  } catch (e) {
    if (isAppError(e) && e.code === "not_found") notFound();
    throw e;
  }
}
