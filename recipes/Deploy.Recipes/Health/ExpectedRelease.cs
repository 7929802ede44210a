namespace Deploy.Recipes.Health;

/// <summary>
/// The release a smoke check must have reached, and how the answer proves it. The edge names the release of the
/// slot that answered an operator request in <c>X-Deploy-Release</c>, and the slot in <c>X-Deploy-Served-By</c> on
/// every proxied answer; the app's own <c>X-App-Version</c> is optional and checked only when the app sends it.
/// </summary>
/// <param name="Version">The release's version: an <c>X-App-Version</c> the app sends must equal it.</param>
/// <param name="ReleaseId">The release id <c>X-Deploy-Release</c> must name (operator route); null when the answer cannot carry it.</param>
/// <param name="Slot">The slot <c>X-Deploy-Served-By</c> must name (through the edge); null for a process reached directly.</param>
public sealed record ExpectedRelease(string Version, string? ReleaseId = null, string? Slot = null)
{
    /// <summary>The response header the edge names the answering slot's release in, on operator requests.</summary>
    public const string ReleaseHeader = Edge.Contract.EdgeFiles.ReleaseHeader;

    /// <summary>The response header an app may report its version in.</summary>
    public const string VersionHeader = "X-App-Version";

    /// <summary>Null when the answer's headers prove it came from this release, else why not.</summary>
    /// <param name="appVersion">The answer's <c>X-App-Version</c>, if any.</param>
    /// <param name="release">The answer's <c>X-Deploy-Release</c>, if any.</param>
    /// <param name="servedBy">The answer's <c>X-Deploy-Served-By</c>, if any.</param>
    public string? Judge(string? appVersion, string? release, string? servedBy)
    {
        if (appVersion != null && appVersion != Version)
            return $"was answered by version '{appVersion}', not the release's version '{Version}' ({VersionHeader})";
        if (ReleaseId != null && release != null)
            return release == ReleaseId ? null : $"was answered by release '{release}', not '{ReleaseId}' ({ReleaseHeader})";
        if (Slot != null)
        {
            // An edge started by an older recipe names the slot only; the slot is where this release was just started.
            return servedBy == Slot ? null
                : servedBy == null ? $"carries no {ReleaseHeader} or {Edge.Contract.EdgeFiles.ServedByHeader} header, so it did not come from slot {Slot} through the edge"
                : $"was answered by slot '{servedBy}', not slot '{Slot}'";
        }

        return null;
    }
}
