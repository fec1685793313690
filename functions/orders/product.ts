// Product: a standard product of the catalogue, sold at its list price (an order line may agree another).
// Tailored work is not in the catalogue: it is quoted per order line. An order line keeps what it was sold
// as — name, SKU, price — so a later change of the catalogue never changes an order or its invoice.

import { ulid } from 'ulid';
import { recordOf } from '../platform/entity.ts';
import { authorship, Cursor, Id, Limit } from '../platform/schemas.ts';
import * as z from '../platform/zod.ts';

/** A price in minor units: what an order line's unitPrice may be, so a list price is always one. */
export const MAX_UNIT_PRICE = 1_000_000_000_00;

export const Currency = /* @__PURE__ */ (() =>
  z.string().check(z.regex(/^[A-Z]{3}$/, 'An ISO 4217 code such as EUR or USD.')))();

export const UnitPrice = /* @__PURE__ */ (() =>
  z.int().check(z.minimum(0), z.maximum(MAX_UNIT_PRICE), z.meta({ description: 'Minor units (cents).' })))();

const Name = /* @__PURE__ */ (() => z.string().check(z.trim(), z.minLength(1), z.maxLength(200)))();
const Description = /* @__PURE__ */ (() => z.string().check(z.trim(), z.minLength(1), z.maxLength(2000)))();
const Sku = /* @__PURE__ */ (() =>
  z
    .string()
    .check(
      z.trim(),
      z.minLength(1),
      z.maxLength(64),
      z.regex(
        /^[A-Za-z0-9][A-Za-z0-9._\-/]*$/,
        'Letters, digits and . _ - / only, starting with a letter or digit.',
      ),
      z.meta({ description: 'Unique in the catalogue, case ignored.', examples: ['WID-100'] }),
    ))();

/** A SKU as it is claimed: `wid-100` and `WID-100` are one SKU. */
export const normaliseSku = (sku: string) => sku.toUpperCase();

export const ProductCreate = /* @__PURE__ */ (() =>
  z
    .strictObject({
      name: Name,
      sku: Sku,
      listPrice: UnitPrice,
      currency: z._default(Currency, 'EUR'),
      description: z.optional(Description),
      active: z._default(z.boolean(), true),
    })
    .check(z.meta({ id: 'ProductCreate' })))();
export type ProductCreate = z.infer<typeof ProductCreate>;

export const ProductPatch = /* @__PURE__ */ (() =>
  z
    .strictObject({
      name: z.optional(Name),
      sku: z.optional(Sku),
      listPrice: z.optional(UnitPrice),
      currency: z.optional(Currency),
      /** null: no description any more. */
      description: z.optional(z.nullable(Description)),
      /** false: no new order lines for it (orders placed keep it). */
      active: z.optional(z.boolean()),
    })
    .check(
      z.refine((patch) => Object.keys(patch).length > 0, { message: 'Nothing to change.' }),
      z.meta({ id: 'ProductPatch' }),
    ))();
export type ProductPatch = z.infer<typeof ProductPatch>;

export const Product = /* @__PURE__ */ (() =>
  z
    .object({
      id: Id,
      name: z.string(),
      sku: z.string(),
      listPrice: z.number(),
      currency: z.string(),
      description: z.optional(z.string()),
      active: z.boolean(),
      createdAt: z.string(),
      ...authorship(),
      updatedAt: z.string(),
      version: z.int(),
    })
    .check(z.meta({ id: 'Product' })))();
export type Product = z.infer<typeof Product>;

export const ProductPath = /* @__PURE__ */ (() => z.strictObject({ id: Id }))();
export const ProductListQuery = /* @__PURE__ */ (() =>
  z.strictObject({
    active: z.optional(z.enum(['true', 'false'])),
    limit: Limit(25),
    cursor: Cursor,
  }))();
export type ProductListQuery = z.infer<typeof ProductListQuery>;

export function newProduct(input: ProductCreate, now: Date): Product {
  const at = now.toISOString();
  return { id: ulid(now.getTime()), ...input, createdAt: at, updatedAt: at, version: 1 };
}

export const toProduct = (item: Record<string, unknown>) => recordOf<Product>(item);
