namespace Deploy.Recipes.Benchmarks.Fleet;

/// <summary>One phase of a fleet release as the audit recorded it, over all hosts.</summary>
/// <param name="Hosts">How many hosts ran the phase.</param>
/// <param name="MedianPerHost">The median of the hosts' own times in the phase, seconds.</param>
/// <param name="MaxPerHost">The slowest host's time in the phase, seconds.</param>
/// <param name="SumOverHosts">All hosts' times added up: what the phase would take one host after another.</param>
/// <param name="Span">From the first host starting the phase to the last finishing it, seconds (waves included).</param>
internal sealed record PhaseFigures(int Hosts, double MedianPerHost, double MaxPerHost, double SumOverHosts, double Span)
{
    public override string ToString() => Hosts == 0 ? "-" : $"{MedianPerHost:0.00}/{MaxPerHost:0.00}/{Span:0.00}";
}
