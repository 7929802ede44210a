using Deploy.Recipes.Edge.Contract;

namespace Deploy.Recipes.Edge.Slots;

/// <summary>Slot names to indexes (0 = blue, 1 = green): arrays indexed by slot keep the request path free of dictionaries.</summary>
internal static class SlotNames
{
    public static IReadOnlyList<string> All => EdgeFiles.SlotNames;

    public static int Count => EdgeFiles.SlotNames.Count;

    /// <summary>The slot's index, or -1 for a name that is not a slot.</summary>
    public static int IndexOf(string? name)
    {
        var names = EdgeFiles.SlotNames;
        for (var i = 0; i < names.Count; i++)
        {
            if (string.Equals(names[i], name, StringComparison.Ordinal))
                return i;
        }

        return -1;
    }

    public static string Listed => string.Join(", ", EdgeFiles.SlotNames);
}
