import { logger } from "@/lib/logger";

const PROGRESS_WRITE_MS = 500;

type TCancelState = { cancelRequestedAt: Date | null } | null;

/**
 * The parent's side of a sandboxed job's progress (evaluation, batch scoring): progress messages
 * are written to the job's row at most every 500 ms, one write after another, and a cancel asked
 * for in the UI is noticed from those writes or from a poll every second (so one asked before any
 * progress is seen too). `stop()` ends the poll; `settled()` waits for the last write.
 */
export function trackJobProgress<M>(job: { what: string; id: string; write: (m: M) => Promise<TCancelState>; readCancel: () => Promise<TCancelState> }) {
  let cancelRequested = false;
  let lastWrite = 0;
  let writing: Promise<unknown> = Promise.resolve();
  const seen = (row: TCancelState) => {
    if (row?.cancelRequestedAt) cancelRequested = true;
  };
  const poll = setInterval(() => void job.readCancel().then(seen, () => undefined), 1000);
  return {
    progress(m: M) {
      const now = Date.now();
      if (now - lastWrite < PROGRESS_WRITE_MS) return;
      lastWrite = now;
      writing = writing.then(() => job.write(m)).then(seen).catch((err) => logger.warn(`could not record ${job.what} progress`, { id: job.id, err }));
    },
    cancelled: () => cancelRequested,
    stop: () => clearInterval(poll),
    settled: () => writing.then(() => undefined),
  };
}
