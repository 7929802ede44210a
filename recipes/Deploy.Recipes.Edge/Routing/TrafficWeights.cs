namespace Deploy.Recipes.Edge.Routing;

/// <summary>The weights in force. Written by the admin side (under the supervisor's lock), read lock-free per request.</summary>
internal sealed class TrafficWeights
{
    private volatile WeightTable _current = WeightTable.Nothing;

    public WeightTable Current => _current;

    public void Apply(WeightTable table) => _current = table;
}
