using Shop.Carts;
using Shop.Payments;

namespace Shop.Checkout;

/// <summary>
/// Turns a cart into a paid order: claim the cart, charge outside any transaction (a slow provider must not hold
/// SQLite's write lock against the other release), then record the order. A failed charge reopens the cart and
/// writes no order.
/// </summary>
public sealed class CheckoutService(
    CartStore carts, OrderStore orders, IPaymentProvider payments, ShopSettings settings, TimeProvider time, ILogger<CheckoutService> logger)
{
    public async Task<CheckoutOutcome> CheckoutAsync(long cartId, CancellationToken requestAborted)
    {
        var (claim, lines) = await carts.ClaimForPaymentAsync(cartId, requestAborted);
        if (claim != ClaimResult.Claimed)
            return new CheckoutOutcome.Rejected(claim);

        var amountCents = decimal.ToInt64(lines.Sum(line => line.LineTotal) * 100m);
        using var timeout = new CancellationTokenSource(settings.PaymentTimeout, time);
        using var charge = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, requestAborted);
        PaymentReceipt payment;
        try
        {
            payment = await payments.ChargeAsync(new PaymentRequest(amountCents, $"cart-{cartId}"), charge.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !requestAborted.IsCancellationRequested)
        {
            logger.LogWarning("Payment provider timed out after {TimeoutMs} ms for cart {CartId}", settings.PaymentTimeout.TotalMilliseconds, cartId);
            await carts.ReleaseClaimAsync(cartId);
            return new CheckoutOutcome.PaymentTimedOut(settings.PaymentTimeout);
        }
        catch
        {
            await carts.ReleaseClaimAsync(cartId);
            throw;
        }

        // Once charged, the cart stays claimed even if recording the order fails: reopening it would invite a second
        // charge, and a cart stuck in 'paying' is what reconciliation with the provider looks for.
        return new CheckoutOutcome.Placed(await orders.PlaceAsync(cartId, lines, payment.PaymentId));
    }
}
