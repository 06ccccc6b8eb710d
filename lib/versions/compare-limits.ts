// How many versions the compare view takes; shared by the API and the picker on the model page.
export const COMPARE_MIN = 2;
export const COMPARE_MAX = 4;
