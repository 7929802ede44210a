using Deploy.Recipes.Benchmarks;

// Benchmarks print figures; they assert nothing (these machines are noisy). Run with:
//   dotnet run -c Release --project tests/Deploy.Recipes.Benchmarks -- startup [--runs=N]
//   dotnet run -c Release --project tests/Deploy.Recipes.Benchmarks -- zero-downtime [--load-seconds=60] [--overhead-seconds=10]
//   dotnet run -c Release --project tests/Deploy.Recipes.Benchmarks -- database
//   dotnet run -c Release --project tests/Deploy.Recipes.Benchmarks -- faults
//   dotnet run -c Release --project tests/Deploy.Recipes.Benchmarks -- fleet      (root: a Unix user and an sshd per host)
//   dotnet run -c Release --project tests/Deploy.Recipes.Benchmarks -- blast-radius
//   dotnet run -c Release --project tests/Deploy.Recipes.Benchmarks -- containers (root: its own dockerd and registry)
int Option(string name, int fallback) =>
    args.FirstOrDefault(a => a.StartsWith($"--{name}="))?[(name.Length + 3)..] is { } text ? int.Parse(text) : fallback;
var which = args.FirstOrDefault(a => !a.StartsWith("--")) ?? "startup";
switch (which)
{
    case "startup":
        return StartupBenchmark.Run(Repository.Root(), Option("runs", 15));
    case "zero-downtime":
        return ZeroDowntimeBenchmark.Run(Repository.Root(), TimeSpan.FromSeconds(Option("load-seconds", 60)), TimeSpan.FromSeconds(Option("overhead-seconds", 10)));
    case "database":
        return DatabaseBenchmark.Run();
    case "faults":
        return Deploy.Recipes.Benchmarks.Faults.FaultBenchmark.Run(Repository.Root());
    case "blast-radius":
        return Deploy.Recipes.Benchmarks.BlastRadius.BlastRadiusBenchmark.Run(Repository.Root());
    case "containers" when OperatingSystem.IsLinux():
        return Deploy.Recipes.Benchmarks.Containers.ContainersBenchmark.Run(Repository.Root());
    case "fleet" when OperatingSystem.IsLinux():
        return Deploy.Recipes.Benchmarks.Fleet.FleetBenchmark.Run(Repository.Root());
    default:
        Console.Error.WriteLine($"Unknown benchmark '{which}'. Valid: startup, zero-downtime, database, faults, blast-radius, fleet (Linux).");
        return 1;
}
