import { describe, expect, it } from "vitest";
import { sortByClassInPlace } from "@/lib/metrics/binary-clf-curve";
import { retrainingCadence } from "@/lib/whatif/cadence";
import { computeScenario } from "@/lib/whatif/compute-scenario";
import { curveFromRoc } from "@/lib/whatif/curve-from-roc";
import { decayFromHistory } from "@/lib/whatif/decay-from-history";
import { expectedValue } from "@/lib/whatif/ev";
import { optimalThreshold } from "@/lib/whatif/optimal-threshold";
import { ratesAt } from "@/lib/whatif/rates-at";
import { regressionCost } from "@/lib/whatif/regression-cost";
import { residualSummary } from "@/lib/whatif/residual-summary";
import { residualSummaryFromHistogram } from "@/lib/whatif/residual-summary-from-histogram";
import { scaledConfusion } from "@/lib/whatif/scaled-confusion";
import { scenarioCsv } from "@/lib/whatif/scenario-csv";
import { ZBinaryInputs, ZScenarioBody, type TBinaryInputs } from "@/lib/whatif/schemas";
import { sensitivity } from "@/lib/whatif/sensitivity";
import { thresholdCurve } from "@/lib/whatif/threshold-curve";
import type { TThresholdCurve } from "@/lib/whatif/types";

// The small fixed case every hand computation below uses. Eight rows, P = 3 positives, N = 5 negatives:
//   score 0.9 pos | 0.8 neg | 0.7 pos, 0.7 neg (a tie across classes) | 0.4 pos | 0.2 neg | 0.1 neg, 0.1 neg (a tie)
// Distinct scores, highest first, with the rows ≥ each:
//   0.9 → tp 1 fp 0 · 0.8 → 1, 1 · 0.7 → 2, 2 · 0.4 → 3, 2 · 0.2 → 3, 3 · 0.1 → 3, 5
function curveOf(rows: [number, 0 | 1][], maxExact?: number): TThresholdCurve {
  const scores = Float64Array.from(rows.map((r) => r[0]));
  const labels = Uint8Array.from(rows.map((r) => r[1]));
  return thresholdCurve(sortByClassInPlace(scores, labels), maxExact);
}
const SMALL: [number, 0 | 1][] = [[0.9, 1], [0.8, 0], [0.7, 1], [0.7, 0], [0.4, 1], [0.2, 0], [0.1, 0], [0.1, 0]];
const curve = curveOf(SMALL);

// N = 1000 decisions a month, π = 0.1, v_TP = 100, c_FP = 10, c_FN = 50, c_rev = 5. Then
//   EV/N = π·TPR·(v + c_FN − c_rev) − (1−π)·FPR·(c_FP + c_rev) − π·c_FN = 14.5·TPR − 13.5·FPR − 5
const inputs: TBinaryInputs = {
  task: "binary", currency: "USD", volume: 1000, prevalence: 0.1, valueTruePositive: 100, costFalsePositive: 10, costFalseNegative: 50, costReview: 5,
  threshold: 0.7, reviewCapacity: null, retrainingCost: 600, decayPerMonth: 0.1,
};

describe("threshold curve", () => {
  it("has one point per distinct score; tied rows switch together", () => {
    expect(curve).toEqual({ kind: "exact", thresholds: [0.9, 0.8, 0.7, 0.4, 0.2, 0.1], tp: [1, 1, 2, 3, 3, 3], fp: [0, 1, 2, 2, 3, 5], positives: 3, negatives: 5, distinctScores: 6 });
    // At 0.7 the positive and the negative scoring 0.7 are both flagged; just above, neither is.
    expect(ratesAt(curve, 0.7)).toEqual({ tp: 2, fp: 2, tpr: 2 / 3, fpr: 2 / 5, at: 0.7 });
    expect(ratesAt(curve, 0.70001)).toEqual({ tp: 1, fp: 1, tpr: 1 / 3, fpr: 1 / 5, at: 0.8 });
  });

  it("flags everything at threshold 0 and nothing at threshold 1", () => {
    expect(ratesAt(curve, 0)).toMatchObject({ tpr: 1, fpr: 1, at: 0.1 });
    // The highest score is 0.9 < 1: nothing is flagged.
    expect(ratesAt(curve, 1)).toEqual({ tp: 0, fp: 0, tpr: 0, fpr: 0, at: null });
    // A score of exactly 1 is flagged at threshold 1 (score ≥ threshold).
    expect(ratesAt(curveOf([[1, 1], [0.5, 0]]), 1)).toMatchObject({ tpr: 1, fpr: 0 });
  });

  it("reduces a large curve to the 0.001 grid plus the ROC hull, keeping the optimum exact", () => {
    // 3,000 rows with distinct scores from a seeded LCG; the label leans on the score.
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const rows: [number, 0 | 1][] = Array.from({ length: 3000 }, () => {
      const s = rand();
      return [s, rand() < s * 0.6 ? 1 : 0];
    });
    const exact = curveOf(rows, Infinity);
    const reduced = curveOf(rows, 500);
    expect(exact.kind).toBe("exact");
    expect(reduced.kind).toBe("reduced");
    expect(reduced.thresholds.length).toBeLessThan(1200);
    // On every grid threshold the reduced curve gives the exact rates.
    for (const t of [0, 0.001, 0.25, 0.5, 0.731, 0.999, 1]) expect(ratesAt(reduced, t)).toMatchObject({ tp: ratesAt(exact, t).tp, fp: ratesAt(exact, t).fp });
    for (const money of [[100, 10, 50, 5], [1, 1, 0, 0], [5, 40, 0, 1], [0, 1, 1, 0], [10, 0, 0, 20]]) {
      const i = { ...inputs, valueTruePositive: money[0], costFalsePositive: money[1], costFalseNegative: money[2], costReview: money[3] };
      const a = optimalThreshold(exact, i);
      const b = optimalThreshold(reduced, i);
      expect(b.perMonth).toBeCloseTo(a.perMonth, 9);
      expect(b.threshold).toBe(a.threshold);
    }
  });

  it("rebuilds the counts from a stored ROC curve", () => {
    // sklearn's first point (threshold max + 1) flags nothing and is left out.
    const roc = { fpr: [0, 0, 0.4, 1], tpr: [0, 1 / 3, 1, 1], thresholds: [1.9, 0.9, 0.4, 0.1] };
    expect(curveFromRoc(roc, 3, 5)).toEqual({ kind: "roc", thresholds: [0.9, 0.4, 0.1], tp: [1, 3, 3], fp: [0, 2, 5], positives: 3, negatives: 5, distinctScores: null });
  });
});

describe("expected value", () => {
  it("follows the formula at a threshold (hand-computed)", () => {
    // t = 0.7: TPR = 2/3, FPR = 2/5.
    //   caught share π·TPR = 0.1·2/3 = 0.0667, missed π·(1−TPR) = 0.0333, false alarms (1−π)·FPR = 0.9·0.4 = 0.36
    //   per decision = 0.0667·100 − 0.36·10 − 0.0333·50 − (0.0667 + 0.36)·5 = 6.667 − 3.6 − 1.667 − 2.133 = −0.7333
    const ev = expectedValue(inputs, ratesAt(curve, 0.7));
    expect(ev.perDecision).toBeCloseTo(-0.733333, 6);
    expect(ev.perMonth).toBeCloseTo(-733.333, 3);
    expect(ev.terms.caughtValue).toBeCloseTo(6666.667, 3);
    expect(ev.terms.falseAlarmCost).toBeCloseTo(3600, 9);
    expect(ev.terms.missedCost).toBeCloseTo(1666.667, 3);
    expect(ev.terms.reviewCost).toBeCloseTo(2133.333, 3);
    // 14.5·TPR − 13.5·FPR − 5 at each threshold, × 1000:
    expect(expectedValue(inputs, ratesAt(curve, 0.4)).perMonth).toBeCloseTo(4100, 9); // 14.5 − 5.4 − 5 = 4.1
    expect(expectedValue(inputs, ratesAt(curve, 0)).perMonth).toBeCloseTo(-4000, 9); // t = 0: 14.5 − 13.5 − 5 = −4
    expect(expectedValue(inputs, ratesAt(curve, 1)).perMonth).toBeCloseTo(-5000, 9); // t = 1, nothing flagged: −π·c_FN = −5
  });

  it("is zero everywhere with zero costs and values", () => {
    const zero = { ...inputs, valueTruePositive: 0, costFalsePositive: 0, costFalseNegative: 0, costReview: 0 };
    for (const t of [0, 0.4, 0.7, 1]) expect(expectedValue(zero, ratesAt(curve, t)).perMonth).toBe(0);
  });

  it("with zero prevalence only false alarms and reviews count", () => {
    // π = 0: EV/N = −FPR·(c_FP + c_rev) = −15·FPR; at t = 0.7, −15·0.4 = −6.
    expect(expectedValue({ ...inputs, prevalence: 0 }, ratesAt(curve, 0.7)).perMonth).toBeCloseTo(-6000, 9);
  });
});

describe("optimal threshold", () => {
  it("is the threshold with the highest value (hand-computed)", () => {
    // none −5 · 0.9: 4.833 − 0 − 5 = −0.167 · 0.8: 4.833 − 2.7 − 5 = −2.867 · 0.7: −0.733 · 0.4: 4.1 · 0.2: 14.5 − 8.1 − 5 = 1.4 · 0.1: −4
    expect(optimalThreshold(curve, inputs)).toEqual({ threshold: 0.4, perMonth: expect.closeTo(4100, 9), tpr: 1, fpr: 0.4, flagged: expect.closeTo(460, 9) });
  });

  it("within a review capacity takes the best threshold that fits", () => {
    // Flagged per month = 1000·(0.1·TPR + 0.9·FPR): 0.9 → 33.3, 0.8 → 213.3, 0.4 → 460. Capacity 100 leaves none and 0.9.
    expect(optimalThreshold(curve, inputs, { capacity: 100 })).toMatchObject({ threshold: 0.9, perMonth: expect.closeTo(-166.667, 3) });
    // Capacity 0: only flagging nothing fits.
    expect(optimalThreshold(curve, inputs, { capacity: 0 })).toMatchObject({ threshold: null, perMonth: -5000 });
  });

  it("flags nothing with zero prevalence (ties go to the higher threshold)", () => {
    // π = 0: −15·FPR is 0 for "none" and for 0.9 (FPR 0), negative elsewhere: the tie keeps "none".
    expect(optimalThreshold(curve, { ...inputs, prevalence: 0 })).toMatchObject({ threshold: null, perMonth: 0, flagged: 0 });
  });

  it("flags nothing when every threshold is worth the same (zero costs)", () => {
    expect(optimalThreshold(curve, { ...inputs, valueTruePositive: 0, costFalsePositive: 0, costFalseNegative: 0, costReview: 0 })).toMatchObject({ threshold: null, perMonth: 0 });
  });

  it("flags everything when false alarms cost nothing", () => {
    // c_FP = c_rev = 0: EV/N = π·TPR·(v + c_FN) − π·c_FN = 15·TPR − 5, highest at TPR = 1 (→ 10 per decision);
    // the first threshold reaching TPR = 1 is 0.4 (ties with 0.2 and 0.1 go to the higher threshold).
    expect(optimalThreshold(curve, { ...inputs, costFalsePositive: 0, costReview: 0 })).toMatchObject({ threshold: 0.4, perMonth: expect.closeTo(10_000, 9) });
  });
});

describe("scaled confusion matrix", () => {
  it("scales the rates to the month and sets them against capacity", () => {
    // t = 0.7: caught 1000·0.1·2/3 = 66.67, missed 33.33, false alarms 1000·0.9·0.4 = 360, cleared 540; flagged 426.67
    const m = scaledConfusion({ ...inputs, reviewCapacity: 300 }, ratesAt(curve, 0.7));
    expect(m.caught).toBeCloseTo(66.667, 3);
    expect(m.missed).toBeCloseTo(33.333, 3);
    expect(m.falseAlarms).toBeCloseTo(360, 9);
    expect(m.cleared).toBeCloseTo(540, 9);
    expect(m.flagged).toBeCloseTo(426.667, 3);
    expect(m.utilisation).toBeCloseTo(1.42222, 5);
    expect(m.overCapacity).toBeCloseTo(126.667, 3);
    expect(scaledConfusion(inputs, ratesAt(curve, 0.7))).toMatchObject({ capacity: null, utilisation: null, overCapacity: 0 });
  });
});

describe("retraining cadence (sawtooth)", () => {
  it("finds the cheapest cadence (hand-computed)", () => {
    // uplift U = 1000/month, decay 10 %/month of it, retraining C = 600. Loss at age a = 1000·min(1, 0.1·a).
    //   L = 1:  lost 0                         → (600 + 0) / 1    = 600
    //   L = 3:  lost 100·(0+1+2) = 300         → (600 + 300) / 3  = 300
    //   L = 6:  lost 100·(0+…+5) = 1500        → (600 + 1500) / 6 = 350
    //   L = 12: ages 0…9 lose 100·45 = 4500, ages 10 and 11 are capped at 1000 each → 6500 → 7100 / 12 = 591.67
    const c = retrainingCadence({ freshValue: 4100, uplift: 1000, decayPerMonth: 0.1, retrainingCost: 600 });
    expect(c.options.map((o) => o.costPerMonth)).toEqual([600, 300, 350, expect.closeTo(591.667, 3)]);
    expect(c.options.map((o) => o.lostPerCycle)).toEqual([0, 300, 1500, expect.closeTo(6500, 9)]);
    expect(c.best).toBe(3);
    // Every 3 months: 4100 − 600, 4100 − 100, 4100 − 200, four times: 4·11,400 = 45,600 = 12·4100 − 12·300.
    const three = c.options[1];
    expect(three.projection.slice(0, 4)).toEqual([3500, 4000, 3900, 3500]);
    expect(three.yearTotal).toBeCloseTo(45_600, 9);
  });

  it("takes the longer cadence on a tie, and loses nothing when the model adds nothing", () => {
    // No decay, no cost: every cadence costs 0 → the longest.
    expect(retrainingCadence({ freshValue: 10, uplift: 10, decayPerMonth: 0, retrainingCost: 0 }).best).toBe(12);
    // No decay, a cost: C/L falls with L → 12.
    expect(retrainingCadence({ freshValue: 10, uplift: 10, decayPerMonth: 0, retrainingCost: 120 }).options.map((o) => o.costPerMonth)).toEqual([120, 40, 20, 10]);
    // Free retraining with decay → every month.
    expect(retrainingCadence({ freshValue: 10, uplift: 10, decayPerMonth: 0.05, retrainingCost: 0 }).best).toBe(1);
    // Uplift ≤ 0: decay costs nothing; only the retraining cost counts.
    expect(retrainingCadence({ freshValue: -5, uplift: -5, decayPerMonth: 0.5, retrainingCost: 60 }).options[1].lostPerCycle).toBe(0);
  });
});

describe("sensitivity", () => {
  it("orders the inputs by how far ±20 % moves the value (hand-computed)", () => {
    // At t = 0.4 (TPR 1, FPR 0.4): caught value 10,000, false alarms 3,600, missed 0, review 2,300 → EV 4,100.
    // A money input or the volume enters linearly: its swing is 0.4 × its term.
    //   volume 0.4·4100 = 1640 · v_TP 0.4·10000 = 4000 · c_FP 1440 · c_rev 920 · c_FN 0
    // Prevalence: EV/N = 101·π − 6 at TPR 1, FPR 0.4 → π 0.08: 2.08, π 0.12: 6.12 → swing 4040.
    // Threshold 0.32 keeps 0.4's rates (4100); 0.48 falls to 0.7's (−733.33) → swing 4833.33.
    const s = sensitivity(curve, { ...inputs, threshold: 0.4 });
    expect(s.base).toBeCloseTo(4100, 9);
    expect(s.bars.map((b) => b.field)).toEqual(["threshold", "prevalence", "valueTruePositive", "volume", "costFalsePositive", "costReview", "costFalseNegative"]);
    expect(s.bars.map((b) => b.swing)).toEqual([4833.333, 4040, 4000, 1640, 1440, 920, 0].map((v) => expect.closeTo(v, 3)));
    expect(s.bars[1]).toMatchObject({ lowInput: expect.closeTo(0.08, 12), highInput: expect.closeTo(0.12, 12), lowValue: expect.closeTo(2080, 6), highValue: expect.closeTo(6120, 6) });
  });
});

describe("regression cost of error", () => {
  it("prices over- and under-prediction separately (hand-computed)", () => {
    // ŷ = [10, 12, 7, 5], y = [8, 12, 10, 6] → r = ŷ − y = [2, 0, −3, −1]
    //   mean over-prediction (2 + 0 + 0 + 0)/4 = 0.5, mean under-prediction (0 + 0 + 3 + 1)/4 = 1
    const r = residualSummary([10, 12, 7, 5], [8, 12, 10, 6]);
    expect(r).toMatchObject({ kind: "exact", rows: 4, meanOver: 0.5, meanUnder: 1 });
    // c_over 4, c_under 10: 4·0.5 + 10·1 = 12 per prediction, × 1000 = 12,000 a month (2,000 over, 10,000 under).
    expect(regressionCost({ volume: 1000, costOver: 4, costUnder: 10 }, r)).toEqual({ perPrediction: 12, perMonth: 12_000, overCost: 2000, underCost: 10_000 });
    // Symmetric 5 per unit: 5·MAE = 5·1.5 = 7.5.
    expect(regressionCost({ volume: 1, costOver: 5, costUnder: 5 }, r).perPrediction).toBe(7.5);
  });

  it("estimates from a stored residual histogram at the bin centres", () => {
    // actual − predicted in [−2, 0) once and [0, 2] three times: centres −1 (over-predicted by 1) and +1 (under by 1).
    expect(residualSummaryFromHistogram({ edges: [-2, 0, 2], counts: [1, 3] })).toMatchObject({ kind: "histogram", rows: 4, meanOver: 0.25, meanUnder: 0.75 });
  });
});

describe("observed decay", () => {
  it("turns a falling ROC AUC into the share of value lost per month", () => {
    // AUC 0.90 at the start and 0.86 two months later (2 × 30.4375 days): slope −0.02/month on a skill
    // above chance of 0.40 → 0.02 / 0.40 = 5 % a month.
    const d = decayFromHistory([{ at: "2026-01-01T00:00:00Z", rocAuc: 0.9, label: "jan" }, { at: "2026-03-02T21:00:00Z", rocAuc: 0.86, label: "mar" }]);
    expect(d?.months).toBeCloseTo(2, 12);
    expect(d?.decayPerMonth).toBeCloseTo(0.05, 12);
    // Less than half a month apart: nothing to say.
    expect(decayFromHistory([{ at: "2026-01-01T00:00:00Z", rocAuc: 0.9, label: "a" }, { at: "2026-01-05T00:00:00Z", rocAuc: 0.8, label: "b" }])).toBeNull();
  });
});

describe("scenario", () => {
  it("compares two versions on the same inputs", () => {
    // v2 separates perfectly: 0.9, 0.7, 0.6 positive; 0.3, 0.2, 0.2, 0.1, 0.05 negative.
    const better = curveOf([[0.9, 1], [0.7, 1], [0.6, 1], [0.3, 0], [0.2, 0], [0.2, 0], [0.1, 0], [0.05, 0]]);
    const r = computeScenario(inputs, { versionId: "a", number: 1, curve }, { versionId: "b", number: 2, curve: better });
    if (r.task !== "binary") throw new Error("binary expected");
    // v2 at 0.7: TPR 2/3, FPR 0 → 14.5·2/3 − 5 = 4.667 → 4666.67; v1 at 0.7: −733.33 → uplift 5400.
    expect(r.uplift!.atThreshold).toBeCloseTo(5400, 6);
    // v2's best: 0.6 (TPR 1, FPR 0) → 14.5 − 5 = 9.5 → 9500; v1's best 4100 → 5400 again.
    expect(r.compare!.optimum.threshold).toBe(0.6);
    expect(r.uplift!.atBest).toBeCloseTo(5400, 6);
    expect(r.baseline.perMonth).toBeCloseTo(-5000, 9);
    // The cadence works on v1's uplift over no model: −733.33 − (−5000) = 4266.67. Retraining yearly:
    // month 1 −733.33 − 600 = −1333.33; month 2 loses 10 % of the uplift, −733.33 − 426.67 = −1160.
    expect(r.cadence.options[3].projection.slice(0, 2)).toEqual([expect.closeTo(-1333.333, 3), expect.closeTo(-1160, 6)]);
    const csv = scenarioCsv({ title: "Q3 plan", inputs, result: r });
    expect(csv.split("\r\n")[0]).toBe("section,item,version,value,unit");
    expect(csv).toContain("comparison,uplift per month at the threshold set,v2 − v1,5400");
    expect(csv).toContain("input,Decisions per month,,1000,decisions / month");
  });

  it("names the field of a bad input", () => {
    const bad = ZBinaryInputs.safeParse({ ...inputs, prevalence: 1.5 });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues[0]).toMatchObject({ path: ["prevalence"], message: "prevalence must be between 0 and 1" });
    const body = ZScenarioBody.safeParse({ name: "x", inputs: { ...inputs, costReview: -1 }, versions: { primary: "v" } });
    expect(body.error!.issues[0]).toMatchObject({ path: ["inputs", "costReview"], message: "costReview cannot be negative" });
  });
});
