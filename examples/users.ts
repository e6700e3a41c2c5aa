// Demo accounts and their orders, shared by both example APIs so that their scans are comparable.
export const USERS: Record<string, { id: string; password: string }> = {
  alice: { id: 'u-alice', password: 'alice-demo-password' },
  bob: { id: 'u-bob', password: 'bob-demo-password' },
}

export const ORDERS = [
  { order_id: '1001', owner: 'u-alice', item: 'Espresso machine', total: 349 },
  { order_id: '1002', owner: 'u-bob', item: 'Grinder', total: 129 },
]

export function checkPassword(username: unknown, password: unknown): string | undefined {
  if (typeof username !== 'string' || typeof password !== 'string') return undefined
  const user = USERS[username]
  return user && user.password === password ? user.id : undefined
}
