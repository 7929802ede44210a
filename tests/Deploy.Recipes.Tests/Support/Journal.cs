namespace Deploy.Recipes.Tests.Support;

/// <summary>What the test tasks did, in order: the tests assert on it.</summary>
internal sealed class Journal
{
    private readonly List<string> _entries = [];

    public IReadOnlyList<string> Entries => _entries;

    public void Add(string entry) => _entries.Add(entry);
}
