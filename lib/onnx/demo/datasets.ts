import type { TRng } from "@/lib/onnx/demo/prng";

// The synthetic scenarios of the demo. Each generator draws feature rows from plausible
// distributions and a label from a known, partly non-linear rule plus noise, so that simple models
// learn something real but not everything (AUC well below 1, regression with residual noise).

export type TColumn = { name: string; decimals: number; description: string };

export type TDataset = {
  columns: TColumn[];
  labelColumn: string;
  /** Feature values, one array per row, in `columns` order. */
  rows: number[][];
  /** Label per row: 0/1 for the binary classifiers, a class index for multiclass, a number for the regression. */
  labels: number[];
};

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

export const CARD_FRAUD_COLUMNS: TColumn[] = [
  { name: "amount", decimals: 2, description: "transaction amount in USD" },
  { name: "hour", decimals: 0, description: "hour of day, 0-23" },
  { name: "merchant_risk", decimals: 3, description: "merchant's historical chargeback score, 0-1" },
  { name: "distance_from_home", decimals: 1, description: "km between the card holder's home and the merchant" },
  { name: "online", decimals: 0, description: "1 for card-not-present transactions" },
  { name: "foreign", decimals: 0, description: "1 when the merchant is abroad" },
  { name: "card_age_days", decimals: 0, description: "days since the card was issued" },
  { name: "txn_count_24h", decimals: 0, description: "transactions on the card in the previous 24 hours" },
];

/** Card transactions; label is_fraud (about 10% positive). */
export function cardFraudData(rng: TRng, n: number): TDataset {
  const rows: number[][] = [];
  const labels: number[] = [];
  for (let i = 0; i < n; i++) {
    const amount = Math.exp(rng.normal(3.6, 1.1));
    const hour = rng.int(24);
    const merchantRisk = clamp(rng.normal(0.25, 0.18), 0, 1);
    const distance = Math.exp(rng.normal(2.2, 1.3));
    const online = rng.bernoulli(0.35);
    const foreign = rng.bernoulli(0.08);
    const cardAge = Math.floor(Math.exp(rng.normal(6, 1)));
    const txnCount = Math.floor(Math.exp(rng.normal(0.8, 0.6)));
    const night = hour < 5 ? 1 : 0;
    const z = -6.4 + 0.8 * Math.log1p(amount / 50) + 6.0 * merchantRisk + 0.45 * Math.log1p(distance / 10) + 0.9 * online
      + 2.0 * foreign - 0.35 * Math.log1p(cardAge / 30) + 0.45 * txnCount + 1.2 * night;
    rows.push([amount, hour, merchantRisk, distance, online, foreign, cardAge, txnCount]);
    labels.push(rng.bernoulli(sigmoid(z)));
  }
  return { columns: CARD_FRAUD_COLUMNS, labelColumn: "is_fraud", rows, labels };
}

export const LEAD_SCORING_COLUMNS: TColumn[] = [
  { name: "visits_30d", decimals: 0, description: "website visits in the last 30 days" },
  { name: "pages_per_visit", decimals: 2, description: "average pages viewed per visit" },
  { name: "email_opens", decimals: 0, description: "marketing emails opened" },
  { name: "company_size", decimals: 0, description: "employees at the lead's company" },
  { name: "days_since_signup", decimals: 0, description: "days since the lead signed up" },
  { name: "demo_requested", decimals: 0, description: "1 when the lead asked for a demo" },
  { name: "industry_fit", decimals: 3, description: "fit of the lead's industry with the product, 0-1" },
];

/** Sales leads; label converted, "won" or "lost" (about 12% won). Interactions favour trees. */
export function leadScoringData(rng: TRng, n: number): TDataset {
  const rows: number[][] = [];
  const labels: number[] = [];
  for (let i = 0; i < n; i++) {
    const visits = Math.floor(Math.exp(rng.normal(1.5, 0.9)));
    const pages = clamp(rng.normal(3.2, 1.4), 1, 15);
    const opens = Math.floor(Math.exp(rng.normal(1, 0.8)));
    const size = Math.floor(Math.exp(rng.normal(4, 1.6)));
    const days = rng.int(180);
    const demo = rng.bernoulli(0.2);
    const fit = rng.next();
    const engaged = visits > 6 && pages > 3.5 ? 1 : 0;
    const sweetSpot = size > 50 && size < 2000 ? 1 : 0;
    const z = -2.6 + 1.6 * demo * (fit > 0.4 ? 1 : 0.3) + 1.1 * engaged + 0.8 * sweetSpot + 1.2 * (fit - 0.5)
      + 0.12 * Math.min(opens, 10) - 0.012 * days;
    rows.push([visits, pages, opens, size, days, demo, fit]);
    labels.push(rng.bernoulli(sigmoid(z)));
  }
  return { columns: LEAD_SCORING_COLUMNS, labelColumn: "converted", rows, labels };
}

export const DEMAND_COLUMNS: TColumn[] = [
  { name: "price", decimals: 2, description: "shelf price in USD" },
  { name: "promo", decimals: 0, description: "1 when the product is on promotion" },
  { name: "temperature", decimals: 1, description: "daily mean temperature in °C" },
  { name: "weekend", decimals: 0, description: "1 on Saturdays and Sundays" },
  { name: "holiday", decimals: 0, description: "1 on public holidays" },
  { name: "lag_7d_units", decimals: 0, description: "units sold on the same day a week earlier" },
  { name: "marketing_spend", decimals: 0, description: "marketing spend that day in USD" },
];

/** Daily store demand; target units_sold. */
export function demandData(rng: TRng, n: number): TDataset {
  const rows: number[][] = [];
  const labels: number[] = [];
  for (let i = 0; i < n; i++) {
    const price = clamp(rng.normal(4.5, 0.8), 2, 8);
    const promo = rng.bernoulli(0.15);
    const temperature = rng.normal(16, 8);
    const weekend = rng.bernoulli(2 / 7);
    const holiday = rng.bernoulli(0.03);
    const marketing = Math.max(0, rng.normal(300, 150));
    const base = 220 - 18 * price + 45 * promo + 1.8 * temperature + 30 * weekend + 55 * holiday + 0.05 * marketing;
    const lag = Math.max(0, base + rng.normal(0, 25));
    const units = Math.max(0, 0.7 * base + 0.3 * lag + rng.normal(0, 18));
    rows.push([price, promo, temperature, weekend, holiday, Math.round(lag), Math.round(marketing)]);
    labels.push(Math.round(units));
  }
  return { columns: DEMAND_COLUMNS, labelColumn: "units_sold", rows, labels };
}

export const SUPPORT_TICKET_COLUMNS: TColumn[] = [
  { name: "message_length", decimals: 0, description: "characters in the ticket's first message" },
  { name: "has_attachment", decimals: 0, description: "1 when the ticket came with a file (screenshot, log, invoice)" },
  { name: "prior_tickets", decimals: 0, description: "tickets the customer opened in the previous 90 days" },
  { name: "account_age_days", decimals: 0, description: "days since the customer's account was created" },
  { name: "plan_tier", decimals: 0, description: "0 free, 1 starter, 2 pro, 3 enterprise" },
  { name: "hour_of_day", decimals: 0, description: "hour the ticket was opened, 0-23, customer's local time" },
];

/** The queues a ticket can be routed to, in class-index order; sales is the rare one (about 10%). */
export const SUPPORT_TICKET_QUEUES = ["billing", "technical", "account", "sales"] as const;

/**
 * Support tickets; label queue, a SUPPORT_TICKET_QUEUES index drawn from a softmax over per-queue
 * scores. The scores are partly non-linear (new-account and office-hours steps, capped counts, an
 * attachment × paid-plan interaction), so a linear model on the raw columns routes about three
 * tickets in four to the right queue, and the queues overlap.
 */
export function supportTicketData(rng: TRng, n: number): TDataset {
  const rows: number[][] = [];
  const labels: number[] = [];
  const scores = new Array<number>(SUPPORT_TICKET_QUEUES.length);
  for (let i = 0; i < n; i++) {
    const u = rng.next();
    const plan = u < 0.35 ? 0 : u < 0.65 ? 1 : u < 0.9 ? 2 : 3;
    const accountAge = Math.floor(-400 * Math.log(1 - rng.next()));
    const prior = Math.min(20, Math.floor(Math.exp(rng.normal(0.5, 0.8))));
    const hour = rng.bernoulli(0.75) ? Math.floor(clamp(rng.normal(13, 3), 0, 23)) : rng.int(24);
    const attachment = rng.bernoulli(0.3);
    const length = Math.round(clamp(rng.normal(450, 250), 20, 2000));
    const paid = plan > 0 ? 1 : 0;
    const newAccount = accountAge < 30 ? 1 : 0;
    const officeHours = hour >= 9 && hour < 17 ? 1 : 0;
    const longer = (length - 450) / 250;
    // Billing: paying customers, repeat contacts, invoices attached. Technical: long messages with
    // screenshots or logs. Account: new accounts (a step at 30 days). Sales: free-plan users asking
    // short questions in office hours.
    scores[0] = -0.9 + 3 * paid + 0.9 * Math.min(prior, 6) - 1.5 * longer + 2.4 * attachment * paid;
    scores[1] = -0.3 + 6 * attachment + 2.4 * longer + 0.75 * plan;
    scores[2] = 4.5 + 4.5 * newAccount - 0.012 * Math.min(accountAge, 730) + 0.6 * Math.min(prior, 6) - 0.9 * longer;
    scores[3] = -2.85 + 4.5 * (1 - paid) + 3 * officeHours - 1.5 * Math.min(prior, 4) - 4.5 * attachment - 1.5 * longer;
    rows.push([length, attachment, prior, accountAge, plan, hour]);
    labels.push(sampleSoftmax(rng, scores));
  }
  return { columns: SUPPORT_TICKET_COLUMNS, labelColumn: "queue", rows, labels };
}

/** Draws a class index with probability softmax(scores). */
function sampleSoftmax(rng: TRng, scores: number[]): number {
  const max = Math.max(...scores);
  const weights = scores.map((s) => Math.exp(s - max));
  let u = rng.next() * weights.reduce((s, w) => s + w, 0);
  for (let k = 0; k < weights.length - 1; k++) {
    u -= weights[k];
    if (u < 0) return k;
  }
  return weights.length - 1;
}

/** Rounds every value to its column's decimals, so training sees exactly what the CSV holds. */
export function roundDataset(d: TDataset): TDataset {
  const factors = d.columns.map((c) => 10 ** c.decimals);
  return { ...d, rows: d.rows.map((r) => r.map((v, j) => Math.round(v * factors[j]) / factors[j])) };
}
