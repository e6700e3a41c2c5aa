// The ids of the lifecycle checks, in report order. Kept free of imports: the model's CheckId is built from these lists.
export const LIFECYCLE_IDS = ['SG-LOGOUT', 'SG-EXPIRY'] as const
