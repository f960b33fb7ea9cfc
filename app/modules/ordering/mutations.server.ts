// Ordering's writes and business rules, for routes and other modules. The topic files behind them (the cart,
// checkout, quick order, reorder, the order desk) stay internal to the module.

export { addProductToCart, addToCart, setCartLineQty } from './cart.server'
export { respondToAddToCart } from './cart-notice.server'
export { placeOrder, type CheckoutInput, type CheckoutResult } from './checkout.server'
export { bookOrder, StockTaken, type OrderHeader } from './book-order.server'
export {
  cancelOrder,
  confirmOrder,
  markDelivered,
  recordReturn,
  shipOrder,
  type ConfirmInput,
  type DeskResult,
  type ReturnInput,
  type ShipInput,
} from './order-desk.server'
export { quickOrder, type QuickOrderInput, type QuickOrderRefusal } from './quick-order.server'
export { reorderIntoCart } from './reorder.server'
