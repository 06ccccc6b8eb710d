import { describe, expect, it } from "vitest";
import { csvCell, isPlainCsvCell } from "@/lib/scoring/csv-cell";

describe("csvCell (batch scoring output)", () => {
  it("neutralises cells a spreadsheet would run as a formula (OWASP CSV injection)", () => {
    expect(csvCell("=1+2")).toBe("'=1+2");
    expect(csvCell("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvCell("+cmd|' /C calc'!A0")).toBe("'+cmd|' /C calc'!A0");
    expect(csvCell("-2+3")).toBe("'-2+3");
    expect(csvCell("\tx")).toBe("'\tx");
    expect(csvCell("\r=1")).toBe("\"'\r=1\"");
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe('"\'=HYPERLINK(""http://x"",""y"")"');
  });

  it("leaves plain numbers, signed or not, as they are", () => {
    for (const n of ["-1", "+3", "-1.5", "-.5", "-5.", "+3e-2", "-1E+5", "0", "12"]) expect(csvCell(n)).toBe(n);
    expect(csvCell("-1 ")).toBe("'-1 ");
    expect(csvCell("-Infinity")).toBe("'-Infinity");
    expect(csvCell("-0x10")).toBe("'-0x10");
  });

  it("quotes cells with a comma, a quote or a line break (RFC 4180)", () => {
    expect(csvCell("a,b")).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell("two\nlines")).toBe('"two\nlines"');
    expect(csvCell("")).toBe("");
    expect(csvCell("café")).toBe("café");
  });

  it("isPlainCsvCell says exactly when csvCell changes nothing", () => {
    for (const v of ["=1", "@a", "+1", "-1", "-1 ", "a,b", "ok", "", "x\"y", "\tq", "1e5", "-", "+"]) expect(isPlainCsvCell(v)).toBe(csvCell(v) === v);
  });
});
