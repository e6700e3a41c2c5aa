// The ids of the fixation checks, in report order. Kept free of imports: the model's CheckId is built from these lists.
export const FIXATION_IDS = ['SG-FIX-ADOPT', 'SG-PERMISSIVE', 'SG-FIX-LOGIN', 'SG-FIX-OLDID', 'SG-URL'] as const
