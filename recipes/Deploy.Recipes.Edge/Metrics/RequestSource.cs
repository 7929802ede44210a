namespace Deploy.Recipes.Edge.Metrics;

/// <summary>
/// Whose request it is, as the metrics count it apart; the values index <see cref="Contract.EdgeMetricsText.Sources"/>
/// (the <c>source</c> label of the requests counter).
/// </summary>
internal enum RequestSource
{
    /// <summary>A customer: the only requests a release is judged on.</summary>
    Customer = 0,

    /// <summary>The recipe's own checks (operator token and slot).</summary>
    Operator = 1,

    /// <summary>A tester's request pinned to a role with the pin header or cookie.</summary>
    Pinned = 2,
}
