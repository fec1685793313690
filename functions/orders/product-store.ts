// The catalogue. A product's SKU claim (SKU#…) is written in the same transaction as the product, and moved in
// the same transaction as a change of its SKU, so two racing writes of one SKU cannot both succeed.

import { Conflict, NotFound } from '../platform/errors.ts';
import {
  indexPage,
  listByType,
  putNew,
  readItem,
  readItems,
  type TransactItem,
  TransactionRefused,
  updateVersioned,
  withPatch,
} from '../platform/store.ts';
import { TABLE_NAME } from '../platform/table-name.ts';
import { productKey, products, skuClaimItem, skuClaimKey } from './entity.ts';
import {
  normaliseSku,
  type Product,
  type ProductListQuery,
  type ProductPatch,
  toProduct,
} from './product.ts';

const skuTaken = (productId: unknown) =>
  new Conflict(`A product with this SKU already exists: product ${String(productId)}.`, [
    { path: 'sku', message: `Already used by product ${String(productId)}.` },
  ]);

/** The items creating a product writes: its SKU's claim, then the product. */
export const productCreateItems = (product: Product): TransactItem[] => [
  putNew(skuClaimItem(product), true),
  putNew(products.item(product)),
];

export const productCreateRefused =
  () =>
  (refused: TransactionRefused): Error =>
    refused.failedAt(0) ? skuTaken(refused.items[0]?.productId) : refused;

export async function getProduct(id: string): Promise<Product> {
  const item = await readItem(productKey(id));
  if (item === undefined) throw new NotFound('Product', id);
  return toProduct(item);
}

/** The catalogue, or the products on sale (or off it), in the order they were added — from an index. */
export function listProducts(
  query: ProductListQuery,
): Promise<{ items: Product[]; nextCursor: string | null }> {
  if (query.active === undefined) return listByType(products.indexes.all.type, query, toProduct, false);
  const { byActive } = products.indexes;
  return indexPage({
    index: byActive,
    partition: byActive.partition(query.active === 'true'),
    query,
    toRecord: toProduct,
  });
}

/**
 * The products of `ids` (an order's lines: at most 100), read in one BatchGetItem (none for no ids); absent ones
 * are left out.
 */
export async function productsOf(ids: readonly string[]): Promise<ReadonlyMap<string, Product>> {
  const items = await readItems(ids.map(productKey));
  return new Map(
    items.flatMap((item) => (item === undefined ? [] : [[String(item.id), toProduct(item)] as const])),
  );
}

/**
 * Change a product, on the version read (If-Match: only from that version). A new SKU is claimed in the same
 * transaction that releases the old one, so it is the product's or nobody's. Orders placed keep the name, SKU and
 * price their lines were sold at.
 */
export async function updateProduct(
  id: string,
  patch: ProductPatch,
  ifMatch: number | undefined,
  now: Date,
): Promise<Product> {
  try {
    return await updateVersioned<Product>({
      what: `Product ${id}`,
      read: () => getProduct(id),
      item: (product) => products.item(product),
      with: (current, next) =>
        normaliseSku(next.sku) === normaliseSku(current.sku)
          ? []
          : [
              { Delete: { TableName: TABLE_NAME, Key: skuClaimKey(current.sku) } },
              putNew(skuClaimItem(next), true),
            ],
      ifMatch,
      attempts: 4,
      exhausted: () => new Conflict(`Product ${id} is changing too often right now; try again.`),
      change: (current) => withPatch(current, patch, now),
    });
  } catch (error) {
    // The product's write and the release come first: a refusal of the third item is the SKU taken.
    if (error instanceof TransactionRefused && error.failedAt(2)) throw skuTaken(error.items[2]?.productId);
    throw error;
  }
}
