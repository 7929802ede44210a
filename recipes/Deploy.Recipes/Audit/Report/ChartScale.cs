namespace Deploy.Recipes.Audit.Report;

/// <summary>
/// How a chart maps values to its SVG plot area: a y axis from 0 to a round maximum at or above the peak
/// (1, 2, 2.5 or 5 times a power of ten), an x axis from 0 to the release's last second, and the plot area's place in
/// the picture. A point's value is read back from its coordinates by the inverse mapping, which is what the browser test
/// does.
/// </summary>
/// <param name="YMax">The value at the top of the plot.</param>
/// <param name="XMax">The seconds at the right of the plot.</param>
public sealed record ChartScale(double YMax, double XMax)
{
    /// <summary>The picture's width.</summary>
    public const double Width = 640;

    /// <summary>The picture's height.</summary>
    public const double Height = 220;

    /// <summary>The plot area's left edge (room for the y labels).</summary>
    public const double Left = 64;

    /// <summary>The plot area's top edge (room for peak labels).</summary>
    public const double Top = 20;

    /// <summary>The plot area's width.</summary>
    public const double PlotWidth = Width - Left - 20;

    /// <summary>The plot area's height (room below for the x labels).</summary>
    public const double PlotHeight = Height - Top - 36;

    /// <summary>The scale for values up to <paramref name="peak"/> over <paramref name="span"/> seconds.</summary>
    public static ChartScale For(double peak, double span, double? fixedMax = null) =>
        new(fixedMax ?? RoundUp(peak), span > 0 ? span : 1);

    /// <summary>The smallest of 1, 2, 2.5, 5 times a power of ten that is at least <paramref name="peak"/> (1 for nothing).</summary>
    public static double RoundUp(double peak)
    {
        if (peak <= 0 || double.IsNaN(peak) || double.IsInfinity(peak))
            return 1;
        var power = Math.Pow(10, Math.Floor(Math.Log10(peak)));
        foreach (var step in new[] { 1, 2, 2.5, 5, 10 })
        {
            // Rounding error in the power of ten must not push an exact peak (40 = 4 x 10) up a step.
            if (step * power >= peak * (1 - 1e-12))
                return step * power;
        }

        return 10 * power;
    }

    /// <summary>The x coordinate of <paramref name="seconds"/>.</summary>
    public double X(double seconds) => Math.Round(Left + PlotWidth * Math.Clamp(seconds / XMax, 0, 1), 2);

    /// <summary>The y coordinate of <paramref name="value"/>.</summary>
    public double Y(double value) => Math.Round(Top + PlotHeight * (1 - Math.Clamp(value / YMax, 0, 1)), 2);

    /// <summary>The value at y coordinate <paramref name="y"/> (the inverse of <see cref="Y"/>).</summary>
    public double ValueAt(double y) => (1 - (y - Top) / PlotHeight) * YMax;
}
