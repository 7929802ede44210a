using Cake.Core;

namespace Deploy.Recipes.Hosting;

/// <summary>Prints the task graph (<c>--tree</c>) and the task list with descriptions (<c>--description</c>).</summary>
internal sealed class TaskGraphPrinter(IReadOnlyList<ICakeTaskInfo> tasks, IConsole console)
{
    private readonly Dictionary<string, ICakeTaskInfo> _byName =
        tasks.ToDictionary(t => t.Name, StringComparer.OrdinalIgnoreCase);

    public void PrintTree(IReadOnlyList<string> targets)
    {
        var roots = targets.Count > 0
            ? targets.Select(t => _byName[t].Name).ToList()
            : tasks.Where(t => !tasks.Any(other => DependenciesOf(other).Contains(t.Name, StringComparer.OrdinalIgnoreCase)))
                .Select(t => t.Name)
                .OrderBy(n => n, StringComparer.Ordinal)
                .ToList();
        foreach (var root in roots)
        {
            console.WriteLine(root);
            PrintChildren(root, "", [root]);
        }
    }

    public void PrintDescriptions()
    {
        var width = Math.Max(4, tasks.Max(t => t.Name.Length)) + 3;
        console.WriteLine($"{"Task".PadRight(width)}Description");
        console.WriteLine(new string('=', width + 11));
        foreach (var task in tasks.OrderBy(t => t.Name, StringComparer.Ordinal))
            console.WriteLine($"{task.Name.PadRight(width)}{task.Description}");
    }

    /// <summary>What a task waits for: its own dependencies and every task that named it as a dependee.</summary>
    public IReadOnlyList<string> DependenciesOf(ICakeTaskInfo task) =>
        task.Dependencies.Select(d => d.Name)
            .Concat(tasks.Where(t => t.Dependees.Any(d => d.Name.Equals(task.Name, StringComparison.OrdinalIgnoreCase))).Select(t => t.Name))
            .Where(_byName.ContainsKey)
            .Select(n => _byName[n].Name)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();

    private void PrintChildren(string name, string indent, HashSet<string> path)
    {
        var children = DependenciesOf(_byName[name]);
        for (var i = 0; i < children.Count; i++)
        {
            var last = i == children.Count - 1;
            var child = children[i];
            var cycle = path.Contains(child);
            console.WriteLine($"{indent}{(last ? "└── " : "├── ")}{child}{(cycle ? "  (cycle)" : "")}");
            if (cycle)
                continue;
            path.Add(child);
            PrintChildren(child, indent + (last ? "    " : "│   "), path);
            path.Remove(child);
        }
    }
}
