namespace Deploy.Recipes.Releases;

/// <summary>How reports are printed.</summary>
public enum OutputFormat
{
    /// <summary>For people.</summary>
    Text,

    /// <summary>For scripts.</summary>
    Json,
}
