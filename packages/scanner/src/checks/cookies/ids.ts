// The ids of the cookies checks, in report order. Kept free of imports: the model's CheckId is built from these lists.
export const COOKIE_IDS = [
  'SG-COOKIE-HTTPONLY',
  'SG-COOKIE-SECURE',
  'SG-COOKIE-SAMESITE',
  'SG-COOKIE-SCOPE',
  'SG-COOKIE-PREFIX',
  'SG-COOKIE-PERSISTENT',
] as const
