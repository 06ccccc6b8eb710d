import { AppError } from "@/lib/errors";

const NON_FINITE: Record<string, number> = { "\u0000NaN": NaN, "\u0000Infinity": Infinity, "\u0000-Infinity": -Infinity };

/**
 * JSON.parse for a predict body. Python's json module writes NaN, Infinity and -Infinity as bare
 * words, which is not JSON: rather than "malformed JSON" for the whole body, such values are read as
 * the numbers they mean, so validation names the field that holds them (rows[3].amount: NaN is not
 * a finite number). Only a body JSON.parse refuses takes that slower path.
 */
export function parseJsonBody(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const marked = markNonFinite(text);
    if (marked !== null) {
      try {
        return JSON.parse(marked, (_key, value) => (typeof value === "string" && value in NON_FINITE ? NON_FINITE[value] : value));
      } catch {
        // Malformed beyond the bare words: report the original error.
      }
    }
    const reason = e instanceof Error ? e.message.replace(/^JSON\.parse: /, "") : "unreadable";
    throw new AppError("invalid_input", `The body is not valid JSON: ${reason}`, { details: [{ path: "", message: `not valid JSON: ${reason}` }] });
  }
}

// Rewrites bare NaN / Infinity / -Infinity outside strings as marker strings; null when there are none.
function markNonFinite(text: string): string | null {
  let out = "";
  let last = 0;
  let inString = false;
  let found = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
      continue;
    }
    if (c === 34) {
      inString = true;
      continue;
    }
    for (const word of ["NaN", "Infinity", "-Infinity"]) {
      if (text.startsWith(word, i) && !/[A-Za-z0-9_]/.test(text[i + word.length] ?? "")) {
        out += `${text.slice(last, i)}"\\u0000${word}"`;
        i += word.length - 1;
        last = i + 1;
        found = true;
        break;
      }
    }
  }
  return found ? out + text.slice(last) : null;
}
