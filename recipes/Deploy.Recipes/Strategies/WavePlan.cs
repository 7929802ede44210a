using System.Globalization;
using Deploy.Recipes.Hosting;

namespace Deploy.Recipes.Strategies;

/// <summary>
/// Splits a fleet into the waves of a rolling release: <c>batch-size</c> hosts per wave, given as a number of hosts
/// (<c>5</c>) or a share of the fleet (<c>25%</c>, rounded down, so no more than that share changes at once). Every
/// wave has at least one host; the hosts keep the environment's order.
/// </summary>
public static class WavePlan
{
    /// <summary>The valid forms of <c>batch-size</c>, for error messages.</summary>
    public const string ValidForms = "a whole number of hosts of 1 or more (5), or a whole percentage of the fleet from 1% to 100% (25%)";

    /// <summary>Throws <see cref="RecipeUsageException"/> naming <paramref name="batchSize"/> when it is not a valid batch size.</summary>
    public static void Check(string batchSize) => _ = Parse(batchSize);

    /// <summary>How many hosts each wave of a fleet of <paramref name="hostCount"/> hosts gets (at least 1).</summary>
    public static int HostsPerWave(string batchSize, int hostCount)
    {
        var (value, percent) = Parse(batchSize);
        var perWave = percent ? (int)Math.Floor(hostCount * value / 100.0) : value;
        return Math.Max(1, perWave);
    }

    /// <summary>The waves, in order: consecutive runs of <paramref name="hosts"/> of <see cref="HostsPerWave"/> each (the last may be smaller).</summary>
    public static IReadOnlyList<IReadOnlyList<T>> Split<T>(IReadOnlyList<T> hosts, string batchSize)
    {
        var perWave = HostsPerWave(batchSize, hosts.Count);
        return hosts.Chunk(perWave).Select(wave => (IReadOnlyList<T>)wave).ToList();
    }

    private static (int Value, bool Percent) Parse(string batchSize)
    {
        var text = (batchSize ?? "").Trim();
        var percent = text.EndsWith('%');
        var number = percent ? text[..^1].Trim() : text;
        if (!int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < 1 || (percent && value > 100))
            throw new RecipeUsageException($"Setting 'batch-size' is '{batchSize}': use {ValidForms}.");
        return (value, percent);
    }
}
