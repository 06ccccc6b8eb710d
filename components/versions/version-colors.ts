// One colour per compared version, in the order they are listed (max 4, COMPARE_MAX), chosen to be
// told apart by people with the common colour-vision deficiencies (Okabe–Ito).
export const VERSION_COLORS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7"] as const;
