// The ids of the privilege-change checks (the second factor, step-up), in report order. Kept free of imports: the model's CheckId is built from these lists.
export const PRIVILEGE_IDS = ['SG-FIX-MFA', 'SG-MFA-PARTIAL', 'SG-FIX-STEPUP'] as const
