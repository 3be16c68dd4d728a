// Storefleet's sample store for Medusa: one region in the store's currency and country (the chart's
// store.currency / store.country, the same settings the WooCommerce engine uses), tax, a warehouse with
// flat-rate shipping, and three products in stock, so a shopper can place an order the moment the store is
// Ready. Run by `medusa exec` through the chart's seed-sample-data.js. Every step looks before it creates, so
// a retried Job or a later chart revision duplicates nothing.
import type { ExecArgs } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules, ProductStatus } from "@medusajs/framework/utils"
import {
  createInventoryLevelsWorkflow,
  createProductsWorkflow,
  createRegionsWorkflow,
  createShippingOptionsWorkflow,
  createShippingProfilesWorkflow,
  createStockLocationsWorkflow,
  createTaxRegionsWorkflow,
  linkSalesChannelsToStockLocationWorkflow,
  updateStoresWorkflow,
} from "@medusajs/medusa/core-flows"

const WAREHOUSE = "Storefleet warehouse"
const DELIVERY = "Storefleet delivery"
const SHIPPING = "Standard shipping"
const STOCK_PER_ITEM = 1000

// Prices are in the currency's main unit (Medusa 2 stores decimals, not cents).
const PRODUCTS = [
  { sku: "SF-TSHIRT", title: "Storefleet T-shirt", handle: "storefleet-t-shirt", price: 19, description: "Organic cotton, one size fits most." },
  { sku: "SF-MUG", title: "Storefleet Mug", handle: "storefleet-mug", price: 12.5, description: "Ceramic, 330 ml, dishwasher safe." },
  { sku: "SF-STICKERS", title: "Sticker Pack", handle: "sticker-pack", price: 4.99, description: "Five vinyl stickers." },
]

// STORE_COUNTRY is WooCommerce-style ("US" or "US:CA"); Medusa wants the lower-case ISO country.
export function storeLocale(env: NodeJS.ProcessEnv) {
  const currency = (env.STORE_CURRENCY || "USD").trim().toLowerCase()
  const country = (env.STORE_COUNTRY || "US").split(":")[0].trim().toLowerCase()
  if (!/^[a-z]{3}$/.test(currency)) throw new Error(`STORE_CURRENCY must be an ISO 4217 code, got "${env.STORE_CURRENCY}"`)
  if (!/^[a-z]{2}$/.test(country)) throw new Error(`STORE_COUNTRY must start with an ISO 3166 country, got "${env.STORE_COUNTRY}"`)
  return { currency, country }
}

export default async function seedStorefleetSample({ container }: ExecArgs) {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const link = container.resolve(ContainerRegistrationKeys.LINK)
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const fulfillment = container.resolve(Modules.FULFILLMENT)
  const salesChannels = container.resolve(Modules.SALES_CHANNEL)
  const stores = container.resolve(Modules.STORE)
  const regions = container.resolve(Modules.REGION)
  const taxes = container.resolve(Modules.TAX)
  const locations = container.resolve(Modules.STOCK_LOCATION)
  const products = container.resolve(Modules.PRODUCT)
  const { currency, country } = storeLocale(process.env)

  // Medusa creates the store and its default sales channel when it first starts.
  const [store] = await stores.listStores()
  const [channel] = await salesChannels.listSalesChannels({ name: "Default Sales Channel" })
  if (!store || !channel) throw new Error("Medusa's default store or sales channel is missing: has the server started once?")
  await updateStoresWorkflow(container).run({
    input: {
      selector: { id: store.id },
      update: { supported_currencies: [{ currency_code: currency, is_default: true }], default_sales_channel_id: channel.id },
    },
  })

  let [region] = await regions.listRegions({ currency_code: currency })
  if (!region) {
    const { result } = await createRegionsWorkflow(container).run({
      input: { regions: [{ name: country.toUpperCase(), currency_code: currency, countries: [country], payment_providers: ["pp_system_default"] }] },
    })
    region = result[0]
    logger.info(`sample data: region ${region.name} (${currency})`)
  }
  if ((await taxes.listTaxRegions({ country_code: country })).length === 0) {
    await createTaxRegionsWorkflow(container).run({ input: [{ country_code: country, provider_id: "tp_system" }] })
  }

  let [location] = await locations.listStockLocations({ name: WAREHOUSE })
  if (!location) {
    const { result } = await createStockLocationsWorkflow(container).run({
      input: { locations: [{ name: WAREHOUSE, address: { address_1: "", city: "", country_code: country.toUpperCase() } }] },
    })
    location = result[0]
    await link.create({
      [Modules.STOCK_LOCATION]: { stock_location_id: location.id },
      [Modules.FULFILLMENT]: { fulfillment_provider_id: "manual_manual" },
    })
    await linkSalesChannelsToStockLocationWorkflow(container).run({ input: { id: location.id, add: [channel.id] } })
    logger.info(`sample data: stock location ${WAREHOUSE}`)
  }

  let [profile] = await fulfillment.listShippingProfiles({ type: "default" })
  if (!profile) {
    const { result } = await createShippingProfilesWorkflow(container).run({
      input: { data: [{ name: "Default shipping profile", type: "default" }] },
    })
    profile = result[0]
  }
  let [delivery] = await fulfillment.listFulfillmentSets({ name: DELIVERY }, { relations: ["service_zones"] })
  if (!delivery) {
    delivery = await fulfillment.createFulfillmentSets({
      name: DELIVERY,
      type: "shipping",
      service_zones: [{ name: country.toUpperCase(), geo_zones: [{ type: "country", country_code: country }] }],
    })
    await link.create({
      [Modules.STOCK_LOCATION]: { stock_location_id: location.id },
      [Modules.FULFILLMENT]: { fulfillment_set_id: delivery.id },
    })
  }
  if ((await fulfillment.listShippingOptions({ name: SHIPPING })).length === 0) {
    await createShippingOptionsWorkflow(container).run({
      input: [{
        name: SHIPPING,
        price_type: "flat",
        provider_id: "manual_manual",
        service_zone_id: delivery.service_zones[0].id,
        shipping_profile_id: profile.id,
        type: { label: "Standard", description: "Delivered in 2-3 days.", code: "standard" },
        prices: [{ currency_code: currency, amount: 5 }, { region_id: region.id, amount: 5 }],
        rules: [
          { attribute: "enabled_in_store", value: "true", operator: "eq" },
          { attribute: "is_return", value: "false", operator: "eq" },
        ],
      }],
    })
    logger.info(`sample data: shipping option ${SHIPPING}`)
  }

  const existing = new Set((await products.listProductVariants({ sku: PRODUCTS.map((p) => p.sku) })).map((v) => v.sku))
  const missing = PRODUCTS.filter((p) => !existing.has(p.sku))
  if (missing.length > 0) {
    await createProductsWorkflow(container).run({
      input: {
        products: missing.map((p) => ({
          title: p.title,
          handle: p.handle,
          description: p.description,
          status: ProductStatus.PUBLISHED,
          shipping_profile_id: profile.id,
          options: [{ title: "Size", values: ["One size"] }],
          variants: [{ title: "One size", sku: p.sku, options: { Size: "One size" }, manage_inventory: true, prices: [{ currency_code: currency, amount: p.price }] }],
          sales_channels: [{ id: channel.id }],
        })),
      },
    })
    logger.info(`sample data: products ${missing.map((p) => p.sku).join(", ")}`)
  }

  // Stock for every inventory item that has no level at the warehouse yet.
  const { data: items } = await query.graph({ entity: "inventory_item", fields: ["id", "location_levels.location_id"] })
  const unstocked = items.filter((item) => !(item.location_levels ?? []).some((level) => level?.location_id === location.id))
  if (unstocked.length > 0) {
    await createInventoryLevelsWorkflow(container).run({
      input: { inventory_levels: unstocked.map((item) => ({ inventory_item_id: item.id, location_id: location.id, stocked_quantity: STOCK_PER_ITEM })) },
    })
  }
  logger.info("sample data: done")
}
