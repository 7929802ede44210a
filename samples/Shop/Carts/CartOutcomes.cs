namespace Shop.Carts;

public enum AddItemResult
{
    Added,
    CartNotFound,
    CartNotOpen,
    UnknownProduct,
}

public enum ClaimResult
{
    Claimed,
    CartNotFound,
    CartNotOpen,
    CartEmpty,
}
