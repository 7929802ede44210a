using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;

namespace Shop.Catalog;

/// <summary>The human-facing page: shows which release answered and what it sells.</summary>
public sealed class HomePage(ProductListCache products, ShopSettings settings)
{
    // A class, not a tuple: replacing one reference is atomic, so no request sees one list with another's page.
    private Rendered? _rendered;

    /// <summary>
    /// Renders again only when the cache hands out a new product list: load tests hit this page hardest, and reusing
    /// the page measured about 40% more requests per second than rendering it every time.
    /// </summary>
    public async Task<string> RenderAsync(CancellationToken cancellationToken)
    {
        var current = await products.GetAsync(cancellationToken);
        if (_rendered is { } rendered && ReferenceEquals(rendered.Products, current))
            return rendered.Html;
        var html = Render(settings.Version, current);
        _rendered = new Rendered(current, html);
        return html;
    }

    private static string Render(string version, IReadOnlyList<Product> products)
    {
        var title = HtmlEncoder.Default.Encode($"Shop {version}");
        var html = new StringBuilder()
            .Append("<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>").Append(title).Append("</title></head>\n")
            .Append("<body><h1>").Append(title).Append("</h1>\n<ul>\n");
        foreach (var product in products)
        {
            html.Append("<li>").Append(HtmlEncoder.Default.Encode(product.Name)).Append(" &ndash; ")
                .Append(product.Price.ToString("0.00", CultureInfo.InvariantCulture)).Append("</li>\n");
        }
        return html.Append("</ul></body></html>\n").ToString();
    }

    private sealed record Rendered(IReadOnlyList<Product> Products, string Html);
}
