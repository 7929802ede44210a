namespace Deploy.Recipes.Releases;

/// <summary>How a release replaces the live one.</summary>
public enum ReleaseStrategy
{
    /// <summary>Start beside the live release, smoke-check, switch all traffic at once, keep the old one warm.</summary>
    BlueGreen,
}
