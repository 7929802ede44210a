namespace Deploy.Recipes.Health.Analysis;

/// <summary>The four outcomes of judging one analysis window (Argo Rollouts' measurement phases).</summary>
public enum AnalysisOutcome
{
    /// <summary>Enough traffic on both sides and every limit held.</summary>
    Pass,

    /// <summary>A limit was broken: go back to the stable release.</summary>
    Fail,

    /// <summary>Too little customer traffic on either side (<c>min-requests</c>) to judge; no limit was broken.</summary>
    Inconclusive,

    /// <summary>The metrics could not be read (edge or Prometheus unavailable, a query failed).</summary>
    Error,
}
