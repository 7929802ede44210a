namespace Shop.Catalog;

/// <summary>
/// The product list for the home page, which load tests hit at high rates: one database read every few seconds
/// instead of one per request. Products change only through releases, so a few seconds of staleness is harmless.
/// </summary>
public sealed class ProductListCache(ProductCatalog catalog, TimeProvider time)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(5);

    private readonly SemaphoreSlim _refresh = new(1, 1);
    private Snapshot? _snapshot;

    public async Task<IReadOnlyList<Product>> GetAsync(CancellationToken cancellationToken)
    {
        if (Fresh(_snapshot) is { } cached)
            return cached;

        // One request reloads; the others wait for its result rather than all hitting the database at once.
        await _refresh.WaitAsync(cancellationToken);
        try
        {
            if (Fresh(_snapshot) is { } reloaded)
                return reloaded;
            var products = await catalog.ListAsync(cancellationToken);
            _snapshot = new Snapshot(products, time.GetTimestamp());
            return products;
        }
        finally
        {
            _refresh.Release();
        }
    }

    private IReadOnlyList<Product>? Fresh(Snapshot? snapshot) =>
        snapshot is not null && time.GetElapsedTime(snapshot.LoadedAt) < Lifetime ? snapshot.Products : null;

    private sealed record Snapshot(IReadOnlyList<Product> Products, long LoadedAt);
}
