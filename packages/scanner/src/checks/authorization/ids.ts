// The ids of the authorization checks, in report order. Kept free of imports: the model's CheckId is built from these lists.
export const AUTHORIZATION_IDS = ['SG-IDOR', 'SG-AUTH-MISSING', 'SG-IDOR-ENUM'] as const
