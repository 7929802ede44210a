using Shop.Carts;

namespace Shop.Checkout;

public abstract record CheckoutOutcome
{
    public sealed record Placed(CheckoutReceipt Receipt) : CheckoutOutcome;

    /// <summary>The cart could not be claimed for payment; nothing was charged.</summary>
    public sealed record Rejected(ClaimResult Reason) : CheckoutOutcome;

    /// <summary>The provider did not answer within the shop's payment timeout; nothing was ordered.</summary>
    public sealed record PaymentTimedOut(TimeSpan Timeout) : CheckoutOutcome;
}
