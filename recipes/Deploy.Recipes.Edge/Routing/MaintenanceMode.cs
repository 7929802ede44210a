using System.Text;
using Deploy.Recipes.Edge.Admin;
using Deploy.Recipes.Edge.Contract;

namespace Deploy.Recipes.Edge.Routing;

/// <summary>Whether the edge is in maintenance, with the customer answer prepared once per change.</summary>
internal sealed class MaintenanceMode
{
    private volatile Page _current = new(new Maintenance(false, "", 0));

    public Maintenance Current => _current.Settings;

    /// <summary>The page customers get, or null when maintenance is off.</summary>
    public Page? ActivePage => _current is { Settings.On: true } page ? page : null;

    public void Apply(Maintenance? settings)
    {
        if (settings == null)
            throw AdminRefusal.BadRequest("the body must be a Maintenance object");
        if (settings.RetryAfterSeconds < 0)
            throw AdminRefusal.BadRequest($"retryAfterSeconds {settings.RetryAfterSeconds} must not be negative");
        _current = new Page(settings with { Message = settings.Message ?? "" });
    }

    public sealed class Page(Maintenance settings)
    {
        public Maintenance Settings { get; } = settings;

        public byte[] Body { get; } = Encoding.UTF8.GetBytes(settings.Message ?? "");

        public string RetryAfter { get; } = settings.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
