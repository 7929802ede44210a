namespace Deploy.Recipes.Edge.Contract;

/// <summary>
/// What makes a <see cref="SlotBackend"/> usable: a port to route to, a name to report and two commands to run. The
/// edge refuses anything else with a 400 naming the field; compiled into the recipe too, so it can check before asking.
/// </summary>
public static class SlotBackendCheck
{
    /// <summary>The placeholder in <see cref="SlotBackend.LogCommand"/> that becomes the number of lines wanted.</summary>
    public const string LinesPlaceholder = "{lines}";

    /// <summary>What is wrong with <paramref name="backend"/>, naming the field and what would be valid; null when nothing is.</summary>
    public static string? Problem(SlotBackend backend)
    {
        if (backend.Port is < 1 or > 65535)
            return $"backend.port {backend.Port} must be a loopback port number (1-65535)";
        if (string.IsNullOrWhiteSpace(backend.Name))
            return "backend.name is missing (it names the release in logs and Status, e.g. a container's name)";
        if (CommandProblem(backend.StopCommand) is { } stop)
            return $"backend.stopCommand {stop} (the argv that ends the release, e.g. [\"docker\", \"stop\", \"NAME\"])";
        if (CommandProblem(backend.LogCommand) is { } logs)
            return $"backend.logCommand {logs} (the argv that prints the release's log, e.g. [\"docker\", \"logs\", \"--tail\", \"{LinesPlaceholder}\", \"NAME\"])";
        foreach (var name in backend.CommandEnvironment?.Keys ?? [])
        {
            if (string.IsNullOrEmpty(name) || name.Contains('=', StringComparison.Ordinal) || name.Contains('\0', StringComparison.Ordinal))
                return $"backend.commandEnvironment has an invalid variable name '{name}' (non-empty, without '=')";
        }

        return null;
    }

    /// <summary>The backend's <see cref="SlotBackend.LogCommand"/> with every argument equal to <see cref="LinesPlaceholder"/> replaced by <paramref name="lines"/>.</summary>
    public static IReadOnlyList<string> LogCommandFor(SlotBackend backend, int lines) =>
        backend.LogCommand.Select(argument => argument == LinesPlaceholder ? lines.ToString(System.Globalization.CultureInfo.InvariantCulture) : argument).ToArray();

    private static string? CommandProblem(IReadOnlyList<string>? command)
    {
        if (command == null || command.Count == 0)
            return "is missing: it must be a non-empty argv";
        if (string.IsNullOrWhiteSpace(command[0]))
            return "has an empty program name (its first element)";
        if (command.Any(argument => argument == null || argument.Contains('\0', StringComparison.Ordinal)))
            return "has a null argument or one with a NUL character";
        return null;
    }
}
