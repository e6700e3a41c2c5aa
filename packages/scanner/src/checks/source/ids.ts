// The ids of the source checks (`sessionguard check`, `scan --source`), in report order. Kept free of imports: the model's CheckId is built from these lists.
export const SOURCE_IDS = ['SG-SRC-CLIENT-ID', 'SG-SRC-NO-ROTATE', 'SG-SRC-ADVISORY'] as const
