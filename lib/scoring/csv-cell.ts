// Cells a spreadsheet may run as a formula when the file is opened (OWASP "CSV Injection"): those
// that start with '=', '+', '-', '@', a tab or a carriage return. A plain decimal number such as
// -1.5 or +3e-2 is left as it is: it cannot carry a formula, and prefixing it would turn every
// negative number of the output into text. See README "Batch scoring".
const PLAIN_NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const NEEDS_QUOTES = /[",\r\n]/;

/** Whether a cell's first character (as a char code) may start a formula. */
function mayStartFormula(code: number): boolean {
  return code === 61 || code === 43 || code === 45 || code === 64 || code === 9 || code === 13;
}

/**
 * One CSV field as batch scoring writes it: a cell that could start a formula gets a leading single
 * quote (the OWASP neutralisation), and a cell holding a comma, a quote or a line break is quoted
 * with its quotes doubled (RFC 4180).
 */
export function csvCell(value: string): string {
  let v = value;
  if (v.length > 0 && mayStartFormula(v.charCodeAt(0)) && !PLAIN_NUMBER.test(v)) v = `'${v}`;
  return NEEDS_QUOTES.test(v) ? `"${v.replaceAll('"', '""')}"` : v;
}

/** Whether csvCell(value) would return `value` unchanged. */
export function isPlainCsvCell(value: string): boolean {
  if (value.length === 0) return true;
  if (mayStartFormula(value.charCodeAt(0)) && !PLAIN_NUMBER.test(value)) return false;
  return !NEEDS_QUOTES.test(value);
}
