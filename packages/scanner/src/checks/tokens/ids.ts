// The ids of the tokens checks, in report order. Kept free of imports: the model's CheckId is built from these lists.
export const TOKEN_IDS = ['SG-TOKEN-ENTROPY', 'SG-TOKEN-PREDICT'] as const
