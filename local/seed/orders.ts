// The catalogue, an account's orders and what it was billed. A customer buys the catalogue's standard products
// now and then, a client orders tailored work too; each order moves placed → in_fulfillment → fulfilled (or is
// cancelled), and a fulfilled one is billed as the automation bills it, when it was fulfilled. A client on a
// retainer is billed each month it was active, on the 1st at 06:00 UTC as the job bills it. An internal
// account's bills are charges to its cost centre, the others' invoices; seed-data.ts numbers them all.
import type { Account } from '../../functions/accounts/account.ts';
import { type BillDraft, type Order, orderBill, retainerBill } from '../../functions/orders/order.ts';
import type { Product } from '../../functions/orders/product.ts';
import type { SeededAccount } from './accounts.ts';
import { type AccountScope, DAY, type History, HOUR, iso, type SeedContext } from './context.ts';
import { PRODUCTS, SCOPES } from './words.ts';

const CATALOGUE = [
  ['Router X2', 'RTR-X2', 'EUR', 249_00],
  ['Mesh extender', 'MESH-1', 'EUR', 89_00],
  ['Support plan, 12 months', 'SUP-12', 'EUR', 480_00],
  ['Installation visit', 'INST-1', 'EUR', 150_00],
  ['Router X2 (US)', 'RTR-X2-US', 'USD', 279_00],
  ['Support plan, 12 months (US)', 'SUP-12-US', 'USD', 540_00],
] as const;

/** The standard products on sale, added long before the history starts. */
export function generateCatalogue(context: SeedContext): Product[] {
  const at = context.from - 600 * DAY;
  return CATALOGUE.map(([name, sku, currency, listPrice], n) => ({
    id: context.idAt(at + n * HOUR, `product#${n}`),
    name,
    sku,
    listPrice,
    currency,
    active: true,
    createdAt: iso(at + n * HOUR),
    updatedAt: iso(at + n * HOUR),
    version: 1,
  }));
}

/** A bill before it is numbered, with whom it goes to. */
export interface SeededBill {
  readonly draft: BillDraft;
  readonly audience: Account['audience'];
  readonly costCentre: string | undefined;
}

export function generateOrders(
  scope: AccountScope,
  account: SeededAccount,
  catalogue: readonly Product[],
): { readonly orders: History<Order>[]; readonly bills: SeededBill[] } {
  const { random, from, until, perMonth, idAt, key } = scope;
  const { now } = account;
  const orders: History<Order>[] = [];
  const bills: SeededBill[] = [];
  const billed = (draft: BillDraft) =>
    bills.push({ draft, audience: now.audience, costCentre: now.billing?.costCentre });
  if (account.stage !== 'active' && account.stage !== 'churned') return { orders, bills };
  const activeFrom = Math.max(from, Date.parse(now.acquiredAt ?? now.createdAt));
  const activeUntil = account.churnedAt ?? until;

  const client = now.relationship === 'client';
  const products = catalogue.filter((product) => product.currency === account.currency);
  const orderCount = activeUntil - activeFrom < 2 * DAY ? 0 : random.count(perMonth * (client ? 0.4 : 0.8));
  for (let n = 0; n < orderCount; n++) {
    const placedAt = random.workTime(activeFrom, activeUntil - DAY);
    const tailored = random.chance(client ? 0.6 : 0.1) || products.length === 0;
    const lines: Order['lines'] = tailored
      ? Array.from({ length: random.int(1, 2) }, () => ({
          product: `${random.pick(SCOPES)}: ${random.pick(PRODUCTS)}`,
          quantity: random.int(1, 5),
          unitPrice: random.int(10, 200) * 50_00,
        }))
      : Array.from({ length: random.int(1, 3) }, () => {
          const product = random.pick(products);
          // Now and then a price agreed below the list price, which the line keeps beside it.
          const agreed = random.chance(0.15) ? Math.round(product.listPrice * 0.9) : product.listPrice;
          return {
            product: product.name,
            quantity: random.int(1, 20),
            unitPrice: agreed,
            productId: product.id,
            sku: product.sku,
            ...(agreed === product.listPrice ? {} : { listPrice: product.listPrice }),
          };
        });
    const v1: Order = {
      id: idAt(placedAt, key('order', n)),
      accountId: account.id,
      lines,
      currency: account.currency,
      total: lines.reduce((sum, line) => sum + line.quantity * line.unitPrice, 0),
      engagementType: tailored ? 'tailored' : 'standard',
      ...(tailored ? { scope: `${random.pick(SCOPES)} for ${now.name}` } : {}),
      status: 'placed',
      createdAt: iso(placedAt),
      updatedAt: iso(placedAt),
      version: 1,
    };
    const versions: Order[] = [v1];
    const startedAt = placedAt + random.between(2 * HOUR, 3 * DAY);
    if (startedAt < until) {
      const cancelled = random.chance(0.08);
      const v2: Order = {
        ...v1,
        status: cancelled ? 'cancelled' : 'in_fulfillment',
        updatedAt: iso(startedAt),
        version: 2,
      };
      versions.push(v2);
      const fulfilledAt = startedAt + random.between(DAY, 10 * DAY);
      if (!cancelled && fulfilledAt < until) {
        const v3: Order = {
          ...v2,
          status: 'fulfilled',
          fulfilledAt: iso(fulfilledAt),
          updatedAt: iso(fulfilledAt),
          version: 3,
        };
        versions.push(v3);
        billed(orderBill(v3, new Date(fulfilledAt)));
      }
    }
    orders.push(versions);
  }

  // The retainer's months: billed on the 1st at 06:00 UTC while the client was active.
  if (client && now.billing?.model === 'retainer' && (now.billing.monthlyFee ?? 0) > 0) {
    const first = new Date(activeFrom);
    for (let month = first.getUTCMonth() + 1; ; month++) {
      const at = Date.UTC(first.getUTCFullYear(), month, 1, 6);
      if (at >= activeUntil) break;
      billed(retainerBill(now, new Date(at)));
    }
  }
  return { orders, bills };
}
