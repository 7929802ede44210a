namespace Shop.Catalog;

public sealed record Product(long Id, string Name, decimal Price);
