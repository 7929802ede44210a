namespace Shop.Payments;

/// <summary>Takes the customer's money. Honours cancellation: the shop gives up on a slow provider rather than
/// hold a customer's request open.</summary>
public interface IPaymentProvider
{
    Task<PaymentReceipt> ChargeAsync(PaymentRequest payment, CancellationToken cancellationToken);
}

/// <summary>What to charge: the amount in cents, and the shop's reference so a charge can be traced to its cart.</summary>
public sealed record PaymentRequest(long AmountCents, string Reference);

public sealed record PaymentReceipt(string PaymentId);
